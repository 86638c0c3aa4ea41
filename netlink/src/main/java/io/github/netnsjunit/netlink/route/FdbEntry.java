package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;

/**
 * A bridge forwarding database entry (PF_BRIDGE RTM_NEWNEIGH in a dump), as {@code bridge fdb show} lists it.
 *
 * @param portIndex   ifindex of the port (or of the bridge itself for its own addresses)
 * @param mac         the MAC address
 * @param masterIndex ifindex of the bridge, or 0
 * @param state       NUD_* bits: PERMANENT for local/static entries, REACHABLE/STALE for learned ones
 * @param flags       NTF_* flags
 * @param vlan        the VLAN id, or 0
 */
public record FdbEntry(int portIndex, MacAddress mac, int masterIndex, int state, int flags, int vlan) {

    static FdbEntry parse(NetlinkMessage m) {
        NdMsg header = NdMsg.parse(m.payload());
        Attributes a = m.attributes(NdMsg.LENGTH);
        byte[] ll = a.bytes(Rtnl.NDA_LLADDR);
        return new FdbEntry(header.index(), ll != null && ll.length == 6 ? MacAddress.of(ll) : null,
                a.u32(Rtnl.NDA_MASTER, 0), header.state(), header.flags(), a.u16(Rtnl.NDA_VLAN, 0));
    }

    /** True for an address the bridge learned from traffic (not a local or static entry). */
    public boolean isLearned() {
        return (state & Rtnl.NUD_PERMANENT) == 0 && (flags & Rtnl.NTF_SELF) == 0;
    }

    @Override
    public String toString() {
        return mac + " dev if" + portIndex + (masterIndex != 0 ? " master if" + masterIndex : "")
                + (vlan != 0 ? " vlan " + vlan : "") + ((state & Rtnl.NUD_PERMANENT) != 0 ? " permanent" : "")
                + ((flags & Rtnl.NTF_SELF) != 0 ? " self" : "");
    }
}
