package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.internal.model.LinkEnd;
import io.github.netnsjunit.netlink.route.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Internal: a link of the topology is down, or up without carrier because its veth peer is down. A down link
 * takes its addresses' routes with it, so this is asked before "no route". The sender's own namespace comes
 * first; {@code lo} only counts when the target is an address of the sender itself (the kernel delivers those
 * through lo).
 */
final class LinkDownExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        NamespaceState src = e.source();
        Optional<Link> own = src.owner(e.target());
        if (own.isPresent() && e.sourceInterface() == null) {
            Optional<Link> lo = src.link("lo");
            if (lo.isPresent() && !lo.get().isUp()) {
                return Optional.of(new Finding(PathTrace.Cause.LINK_DOWN, "lo in " + src.name() + " is down: "
                        + f(e.target()) + " is an address of " + src.name() + " itself (on " + own.get().name()
                        + "), and the kernel delivers traffic to its own addresses through lo",
                        "bring lo up: @NetNamespace(value = " + q(src.name()) + ", loopback = true) (the default), or "
                                + src.name() + ".linkUp(\"lo\")"));
            }
        }
        List<NamespaceState> order = new ArrayList<>();
        order.add(src);
        e.namespaces().values().stream().filter(ns -> ns != src).forEach(order::add);
        for (NamespaceState ns : order) {
            if (ns.name().equals("host")) {
                continue; // the machine's own links are not ours to judge
            }
            for (Link l : ns.links()) {
                if (l.name().equals("lo") || "bridge".equals(l.kind())) {
                    continue; // a bridge loses its carrier only when its ports do: those are reported
                }
                if (!l.isUp()) {
                    return Optional.of(new Finding(PathTrace.Cause.LINK_DOWN, "link " + l.name() + " in " + ns.name()
                            + " is down" + onTheWay(e, ns, l) + ", so nothing passes it (and its routes are gone)",
                            "bring it up: " + ns.name() + ".linkUp(" + q(l.name()) + "), or do not take it down ("
                                    + ns.name() + ".linkDown(" + q(l.name()) + "))"));
                }
                if (!l.hasCarrier()) {
                    Optional<LinkEnd> peer = e.model().peerOf(ns.name(), l.name());
                    String why = peer.map(p -> ": its peer " + p.name() + " in " + p.namespace() + " is down").orElse("");
                    String fix = peer.map(p -> "bring " + p.name() + " up: " + p.namespace() + ".linkUp(" + q(p.name())
                            + ")")
                            .orElse("bring the other end of " + l.name() + " up");
                    return Optional.of(new Finding(PathTrace.Cause.LINK_DOWN, "link " + l.name() + " in " + ns.name()
                            + " is up but has no carrier" + why + onTheWay(e, ns, l), fix));
                }
            }
        }
        return Optional.empty();
    }

    private static String onTheWay(TraceEvidence e, NamespaceState ns, Link l) {
        boolean covers = ns.addresses().stream().anyMatch(a -> a.index() == l.index()
                && a.prefix().network().contains(e.target()));
        return covers ? " (it holds the network of " + f(e.target()) + ")" : "";
    }
}
