package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;

/**
 * An interface address (RTM_NEWADDR in a dump).
 *
 * @param index  ifindex of the link
 * @param prefix the address with its prefix length
 * @param scope  RT_SCOPE_* (0 global, 253 link, 254 host)
 * @param flags  IFA_F_* flags (from IFA_FLAGS when present)
 */
public record Address(int index, IpPrefix prefix, int scope, int flags) {

    static Address parse(NetlinkMessage m) {
        IfAddrMsg header = IfAddrMsg.parse(m.payload());
        Attributes a = m.attributes(IfAddrMsg.LENGTH);
        byte[] local = a.bytes(Rtnl.IFA_LOCAL);
        byte[] raw = local != null ? local : a.bytes(Rtnl.IFA_ADDRESS);
        int flags = a.has(Rtnl.IFA_FLAGS) ? a.u32(Rtnl.IFA_FLAGS, 0) : header.flags();
        return new Address(header.index(), IpPrefix.of(IpAddresses.fromBytes(raw), header.prefixLength()),
                header.scope(), flags);
    }

    /** False while IPv6 duplicate address detection runs or after it failed: the address cannot be bound. */
    public boolean isUsable() {
        return (flags & (Rtnl.IFA_F_TENTATIVE | Rtnl.IFA_F_DADFAILED)) == 0;
    }

    /** iproute2's scope word. */
    public String scopeName() {
        return switch (scope) {
            case Rtnl.RT_SCOPE_UNIVERSE -> "global";
            case Rtnl.RT_SCOPE_LINK -> "link";
            case Rtnl.RT_SCOPE_HOST -> "host";
            default -> Integer.toString(scope);
        };
    }

    @Override
    public String toString() {
        return (prefix.isIpv4() ? "inet " : "inet6 ") + prefix + " scope " + scopeName()
                + (isUsable() ? "" : " tentative");
    }
}
