package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A link as the kernel reports it (RTM_NEWLINK in a dump).
 *
 * @param index     ifindex
 * @param name      interface name
 * @param flags     IFF_* flags
 * @param operstate IF_OPER_* state
 * @param mtu       MTU
 * @param mac       hardware address, or null (e.g. for tunnels)
 * @param master    ifindex of the bridge this link is a port of, or 0
 * @param peerIndex IFLA_LINK: for a veth, the peer's ifindex (in the peer's namespace), else 0
 * @param kind      IFLA_INFO_KIND ({@code veth}, {@code bridge}…), or null for a physical or loopback link
 */
public record Link(int index, String name, int flags, int operstate, int mtu, MacAddress mac, int master,
        int peerIndex, String kind) {

    static Link parse(NetlinkMessage m) {
        IfInfoMsg header = IfInfoMsg.parse(m.payload());
        int index = header.index();
        int flags = header.flags();
        Attributes a = m.attributes(IfInfoMsg.LENGTH);
        byte[] mac = a.bytes(Rtnl.IFLA_ADDRESS);
        return new Link(index, a.string(Rtnl.IFLA_IFNAME), flags, a.u8(Rtnl.IFLA_OPERSTATE, 0),
                a.u32(Rtnl.IFLA_MTU, 0), mac != null && mac.length == 6 ? MacAddress.of(mac) : null,
                a.u32(Rtnl.IFLA_MASTER, 0), a.u32(Rtnl.IFLA_LINK, 0),
                a.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND));
    }

    /** Administratively up (IFF_UP). */
    public boolean isUp() {
        return (flags & Rtnl.IFF_UP) != 0;
    }

    /** Has carrier (IFF_LOWER_UP). */
    public boolean hasCarrier() {
        return (flags & Rtnl.IFF_LOWER_UP) != 0;
    }

    /**
     * Up, with carrier, and operationally up as far as the kernel has computed it: operstate UP, or UNKNOWN for
     * drivers that do not track it (loopback).
     */
    public boolean isOperational() {
        return isUp() && hasCarrier() && (operstate == Rtnl.IF_OPER_UP || operstate == Rtnl.IF_OPER_UNKNOWN);
    }

    /** The flag names as {@code ip link} prints them, e.g. {@code BROADCAST,MULTICAST,UP,LOWER_UP}. */
    public String flagNames() {
        List<String> names = new ArrayList<>();
        if ((flags & Rtnl.IFF_LOOPBACK) != 0) {
            names.add("LOOPBACK");
        }
        if ((flags & Rtnl.IFF_BROADCAST) != 0) {
            names.add("BROADCAST");
        }
        if ((flags & Rtnl.IFF_NOARP) != 0) {
            names.add("NOARP");
        }
        if ((flags & Rtnl.IFF_MULTICAST) != 0) {
            names.add("MULTICAST");
        }
        if ((flags & Rtnl.IFF_PROMISC) != 0) {
            names.add("PROMISC");
        }
        if (isUp()) {
            names.add("UP");
        }
        if (hasCarrier()) {
            names.add("LOWER_UP");
        } else if (isUp()) {
            names.add(0, "NO-CARRIER");
        }
        return String.join(",", names);
    }

    /** One line close to {@code ip link}: {@code 2: veth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP}. */
    @Override
    public String toString() {
        return index + ": " + name + ": <" + flagNames() + "> mtu " + mtu + (master != 0 ? " master if" + master : "")
                + " state " + Rtnl.operstateName(operstate) + (kind != null ? " type " + kind : "")
                + (mac != null ? " link/ether " + mac : "");
    }
}
