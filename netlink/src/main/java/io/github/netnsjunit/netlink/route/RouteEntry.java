package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.net.InetAddress;

/**
 * A route of the main table (RTM_NEWROUTE in a dump).
 *
 * @param destination the destination prefix ({@code 0.0.0.0/0} or {@code ::/0} for default)
 * @param gateway     the next hop, or null for a directly connected route
 * @param outIndex    ifindex of the output link, or 0
 * @param table       routing table id
 * @param protocol    RTPROT_* of whoever added it
 * @param scope       RT_SCOPE_*
 * @param type        RTN_* type
 * @param flags       rtm_flags (RTNH_F_LINKDOWN when the link has no carrier)
 * @param source      the preferred source address, or null
 */
public record RouteEntry(IpPrefix destination, InetAddress gateway, int outIndex, int table, int protocol, int scope,
        int type, int flags, InetAddress source) {

    static RouteEntry parse(NetlinkMessage m) {
        RtMsg header = RtMsg.parse(m.payload());
        Attributes a = m.attributes(RtMsg.LENGTH);
        byte[] dst = a.bytes(Rtnl.RTA_DST);
        if (dst == null) {
            dst = new byte[AddressFamily.addressLength(header.family())];
        }
        byte[] gw = a.bytes(Rtnl.RTA_GATEWAY);
        byte[] src = a.bytes(Rtnl.RTA_PREFSRC);
        int table = a.has(Rtnl.RTA_TABLE) ? a.u32(Rtnl.RTA_TABLE, 0) : header.table();
        return new RouteEntry(IpPrefix.of(IpAddresses.fromBytes(dst), header.dstLength()),
                gw == null ? null : IpAddresses.fromBytes(gw), a.u32(Rtnl.RTA_OIF, 0), table, header.protocol(),
                header.scope(), header.type(), header.flags(), src == null ? null : IpAddresses.fromBytes(src));
    }

    /** True for a default route. */
    public boolean isDefault() {
        return destination.length() == 0;
    }

    /** Close to {@code ip route}: {@code default via 192.168.88.1 dev if5}; use {@link #format(String)} for names. */
    @Override
    public String toString() {
        return format("if" + outIndex);
    }

    /** Like {@code ip route}, with the output link's name given. */
    public String format(String deviceName) {
        StringBuilder sb = new StringBuilder(isDefault() ? "default" : destination.toString());
        if (gateway != null) {
            sb.append(" via ").append(IpAddresses.format(gateway));
        }
        if (outIndex != 0) {
            sb.append(" dev ").append(deviceName);
        }
        if (protocol == Rtnl.RTPROT_KERNEL) {
            sb.append(" proto kernel");
        }
        if (scope == Rtnl.RT_SCOPE_LINK) {
            sb.append(" scope link");
        }
        if (source != null) {
            sb.append(" src ").append(IpAddresses.format(source));
        }
        if ((flags & Rtnl.RTNH_F_LINKDOWN) != 0) {
            sb.append(" linkdown");
        }
        return sb.toString();
    }
}
