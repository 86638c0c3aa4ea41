package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An entry of a VXLAN link's own forwarding database (PF_BRIDGE RTM_NEWNEIGH, {@code bridge fdb show dev vx0}):
 * which remote endpoint frames to {@code mac} are sent to. The all-zero MAC is the default destination (the
 * declared remote or group).
 *
 * @param mac         the inner MAC address
 * @param destination the remote endpoint (NDA_DST), or null
 * @param state       NUD_* bits: PERMANENT for configured entries, REACHABLE/STALE for learnt ones
 * @param flags       NTF_* flags
 */
public record VxlanFdbEntry(MacAddress mac, InetAddress destination, int state, int flags) {

    static VxlanFdbEntry parse(NetlinkMessage m) {
        NdMsg header = NdMsg.parse(m.payload());
        Attributes a = m.attributes(NdMsg.LENGTH);
        byte[] ll = a.bytes(Rtnl.NDA_LLADDR);
        byte[] dst = a.bytes(Rtnl.NDA_DST);
        InetAddress destination = null;
        if (dst != null && (dst.length == 4 || dst.length == 16)) {
            try {
                destination = InetAddress.getByAddress(dst);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // not reached: the length is checked
            }
        }
        return new VxlanFdbEntry(ll != null && ll.length == 6 ? MacAddress.of(ll) : null, destination, header.state(),
                header.flags());
    }

    /** As {@code bridge fdb show} prints it: {@code 00:00:00:00:00:00 dst 192.0.2.2 self permanent}. */
    @Override
    public String toString() {
        return mac + (destination != null ? " dst " + IpAddresses.format(destination) : "")
                + ((flags & Rtnl.NTF_SELF) != 0 ? " self" : "")
                + ((state & Rtnl.NUD_PERMANENT) != 0 ? " permanent" : "");
    }
}
