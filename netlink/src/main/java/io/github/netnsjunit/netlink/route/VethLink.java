package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * A veth pair seen from the end being created: the peer's name, the namespace it is created in (by fd), and
 * optionally its ifindex, MTU and MAC. Creating the peer directly in its namespace avoids a move, which would
 * bring it down and drop its addresses.
 *
 * @param peerName       the peer's interface name
 * @param peerNamespaceFd fd of the peer's namespace, or -1 for the socket's own namespace
 * @param peerNamespaceName the peer's namespace name, for messages
 * @param peerIndex      the peer's ifindex, or 0 to let the kernel choose
 * @param peerMtu        the peer's MTU, or 0 for the default
 * @param peerMac        the peer's MAC, or null for a random one
 */
public record VethLink(String peerName, int peerNamespaceFd, String peerNamespaceName, int peerIndex, int peerMtu,
        MacAddress peerMac) implements LinkKind {

    @Override
    public String kind() {
        return "veth";
    }

    @Override
    public void writeInfoData(MessageWriter w) {
        // VETH_INFO_PEER holds a struct ifinfomsg followed by attributes, so it carries no NLA_F_NESTED flag.
        int peer = w.beginNest(Rtnl.VETH_INFO_PEER);
        IfInfoMsg.of(peerIndex).write(w);
        w.attrString(Rtnl.IFLA_IFNAME, peerName);
        if (peerNamespaceFd >= 0) {
            w.attrU32(Rtnl.IFLA_NET_NS_FD, peerNamespaceFd);
        }
        if (peerMtu > 0) {
            w.attrU32(Rtnl.IFLA_MTU, peerMtu);
        }
        if (peerMac != null) {
            w.attr(Rtnl.IFLA_ADDRESS, peerMac.bytes());
        }
        w.endNest(peer);
    }

    @Override
    public String describe() {
        return "type veth peer " + peerName + (peerNamespaceName == null ? "" : " netns " + peerNamespaceName);
    }
}
