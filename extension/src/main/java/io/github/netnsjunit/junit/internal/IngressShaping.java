package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.IfbLink;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.tc.IngressRedirect;
import java.util.Optional;

/**
 * Internal: the kernel engine's way to shape packets <em>arriving</em> at a link that has no veth peer to shape
 * them on (a bridge, a macvlan, a VXLAN link declared with {@code bothWays = true}). A qdisc only ever shapes a
 * link's egress, so the arrivals are handed to an intermediate functional block: an {@code ifb} link of ours named
 * {@code nji-IFINDEX} in the same namespace, fed by the link's ingress qdisc through a u32 match-all filter with a
 * mirred egress redirect ({@link IngressRedirect}); the conditions become the ifb's root qdisc, which shapes them
 * on their way back into the stack. The ifb is internal: tests do not declare it, the failure report and state dump
 * show it for what it is. Undone by {@link #stop}, and with the namespace.
 */
final class IngressShaping {
    /** Prefix of our ifb links' names: {@code nji-} and the shaped link's ifindex (at most 14 bytes). */
    static final String PREFIX = "nji-";

    private IngressShaping() {
    }

    /** The ifb that carries the arrivals of the link with this ifindex. */
    static String ifbName(int linkIndex) {
        return PREFIX + linkIndex;
    }

    /**
     * Makes sure the arrivals of {@code link} go through our ifb (creating it, same MTU as the link, and the
     * redirect, on first use).
     *
     * @return the ifb's ifindex and name, for its root qdisc
     * @throws NetlinkException from the kernel, naming the request (e.g. when the kernel has no ifb or mirred)
     */
    static Link ensure(NamespaceHandle ns, String link) {
        RouteClient rc = RouteClient.of(ns);
        Link shaped = rc.requireLink(link);
        String name = ifbName(shaped.index());
        Optional<Link> existing = rc.link(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        rc.changes().addLink(name, 0, IfbLink.KIND, shaped.mtu(), null).execute();
        rc.linkUp(name);
        Link ifb = rc.requireLink(name);
        IngressRedirect.of(ns).redirect(shaped.index(), link, ifb.index(), name);
        return ifb;
    }

    /** Removes the redirect and the ifb of {@code link}; nothing there (or the link gone) is fine. */
    static void stop(NamespaceHandle ns, String link) {
        RouteClient rc = RouteClient.of(ns);
        Optional<Link> shaped = rc.link(link);
        if (shaped.isEmpty()) {
            return;
        }
        IngressRedirect.of(ns).remove(shaped.get().index(), link);
        String name = ifbName(shaped.get().index());
        try {
            if (rc.link(name).isPresent()) {
                rc.deleteLink(name);
            }
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENODEV) {
                throw e;
            }
        }
    }
}
