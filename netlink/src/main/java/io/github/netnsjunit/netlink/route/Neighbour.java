package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.net.InetAddress;

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
        NdMsg header = NdMsg.parse(m.payload());
        Attributes a = m.attributes(NdMsg.LENGTH);
        byte[] dst = a.bytes(Rtnl.NDA_DST);
        byte[] ll = a.bytes(Rtnl.NDA_LLADDR);
        return new Neighbour(header.index(), dst == null ? null : IpAddresses.fromBytes(dst),
                ll != null && ll.length == 6 ? MacAddress.of(ll) : null, header.state());
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
