package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * An ARP or NDP cache entry (RTM_NEWNEIGH in a dump).
 *
 * @param index   ifindex of the link
 * @param address the neighbour's IP address
 * @param mac     its MAC, or null while unresolved
 * @param state   NUD_* state bits
 */
public record Neighbour(int index, InetAddress address, MacAddress mac, int state) {

    static Neighbour parse(NetlinkMessage m) {
        ByteBuffer p = m.payload();
        Attributes a = m.attributes(Rtnl.NDMSG_LEN);
        byte[] dst = a.bytes(Rtnl.NDA_DST);
        byte[] ll = a.bytes(Rtnl.NDA_LLADDR);
        return new Neighbour(p.getInt(4), dst == null ? null : IpAddresses.fromBytes(dst),
                ll != null && ll.length == 6 ? MacAddress.of(ll) : null, p.getShort(8) & 0xffff);
    }

    /** True when the MAC is known and usable (not INCOMPLETE or FAILED). */
    public boolean isResolved() {
        return mac != null && (state & (Rtnl.NUD_INCOMPLETE | Rtnl.NUD_FAILED)) == 0;
    }

    /** Close to {@code ip neigh}: {@code 192.168.88.1 lladdr 1e:72:c4:1f:55:ab REACHABLE}. */
    @Override
    public String toString() {
        return (address == null ? "?" : IpAddresses.format(address)) + (mac != null ? " lladdr " + mac : "") + " "
                + Rtnl.neighbourStateName(state);
    }
}
