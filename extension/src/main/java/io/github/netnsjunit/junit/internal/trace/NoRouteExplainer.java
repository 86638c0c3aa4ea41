package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.RouteEntry;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Internal: the sender has no route to the address (sendto failed with ENETUNREACH, nothing left), or a router on
 * the way has none and said so with an ICMP net unreachable. Names the table and the missing prefix (the network
 * of whoever owns the address in the topology) and proposes the {@code @Route} with a gateway that can reach it.
 */
final class NoRouteExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        NamespaceState src = e.source();
        if (src.routeTo(e.target()).isEmpty() || e.outcome() == TraceEvidence.Outcome.NO_ROUTE) {
            return Optional.of(finding(e, src, " (ENETUNREACH, nothing was sent)"));
        }
        for (Packet p : e.packets()) {
            // tcpdump's words: IPv4 "ICMP net 10.9.0.0 unreachable", IPv6 "destination unreachable, unreachable route"
            if (p.kind() == Packet.Kind.ICMP_ERROR && (p.text().contains(": ICMP net ")
                    || p.text().contains(", unreachable route "))) {
                Optional<NamespaceState> router = e.ownerNamespace(p.source());
                if (router.isPresent() && router.get().routeTo(e.target()).isEmpty()) {
                    String said = p.source().getAddress().length == 16 ? "ICMPv6 unreachable route"
                            : "ICMP net unreachable";
                    return Optional.of(finding(e, router.get(), ", on the way from " + e.from() + " (it answered with "
                            + said + " from " + f(p.source()) + ")"));
                }
            }
        }
        return Optional.empty();
    }

    private static Finding finding(TraceEvidence e, NamespaceState ns, String how) {
        InetAddress target = e.target();
        Optional<Address> owned = e.namespaces().values().stream()
                .flatMap(n -> n.address(target).stream()).findFirst();
        String missing = owned.map(a -> a.prefix().network().toString())
                .orElse(f(target));
        String owner = e.ownerNamespace(target).map(o -> ", the network of " + f(target) + " in " + o.name())
                .orElse("; nobody in the topology owns " + f(target) + " either");
        String sentence = "no route to " + f(target) + " in " + ns.name() + how + ": its main routing table has"
                + " no route covering " + missing + owner + ", and no default route";
        Optional<InetAddress> gateway = gateway(e, ns);
        String via = gateway.map(g -> ", via = " + q(f(g))).orElse(", via = <a router on " + networks(ns) + ">");
        String fix = "add the route: @Route(namespace = " + q(ns.name()) + ", to = " + q(owned.isPresent() ? missing
                : "default") + via + ")" + (owned.isPresent() ? " (or to = \"default\")" : "")
                + (gateway.isPresent() ? "; the router needs " + (target.getAddress().length == 16
                        ? "net.ipv6.conf.all.forwarding=1" : "net.ipv4.ip_forward=1") : "");
        return new Finding(PathTrace.Cause.NO_ROUTE, sentence, fix);
    }

    /** An address on one of {@code ns}'s networks whose namespace can reach the target. */
    private static Optional<InetAddress> gateway(TraceEvidence e, NamespaceState ns) {
        for (NamespaceState other : e.namespaces().values()) {
            Optional<RouteEntry> theirRoute = other.routeTo(e.target());
            if (other == ns || theirRoute.isEmpty()) {
                continue;
            }
            InetAddress via = theirRoute.get().gateway();
            if (via != null && ns.address(via).isPresent()) {
                continue; // its way to the target is through ns itself (its default route): no help
            }
            for (Address theirs : other.addresses()) {
                InetAddress candidate = theirs.prefix().address();
                if (candidate.isLinkLocalAddress()
                        || candidate.getAddress().length != e.target().getAddress().length) {
                    // a route's gateway is of the target's family; and every IPv6 link has fe80::/64, where a
                    // gateway would need its dev too
                    continue;
                }
                boolean onOurNetwork = ns.addresses().stream().anyMatch(mine -> mine.prefix().length()
                        < mine.prefix().address().getAddress().length * 8
                        && mine.prefix().network().contains(theirs.prefix().address())
                        && !mine.prefix().address().equals(theirs.prefix().address()));
                if (onOurNetwork) {
                    return Optional.of(theirs.prefix().address());
                }
            }
        }
        return Optional.empty();
    }

    private static String networks(NamespaceState ns) {
        return ns.addresses().stream().filter(a -> !a.prefix().address().isLoopbackAddress()
                && !a.prefix().address().isLinkLocalAddress())
                .map(a -> a.prefix().network().toString()).distinct()
                .reduce((a, b) -> a + " or " + b).orElse("one of its networks (it has none)");
    }
}
