package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.internal.model.PolicyRuleSpec;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteEntry;
import io.github.netnsjunit.netlink.route.RouteLookup;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Internal: a declared policy rule ({@code @PolicyRule}) sent the probe somewhere else than the main table would.
 * In every namespace the probe was seen leaving (the sender) or arriving in (a router), the kernel is asked for the
 * route of that very packet — RTM_GETROUTE with its source address, the link it arrived on and the mark nftables saw
 * on it, as {@code ip route get TARGET from SOURCE iif LINK mark MARK} — so the rules are followed as for the packet.
 * When the answer comes from the table of a declared rule the packet matches, and that route leads to another next
 * hop than the main table's (or nowhere), the rule and its table are named.
 */
final class PolicyRouteExplainer implements TraceExplainer {
    private static final int MAIN_TABLE = 254;
    private static final int LOOPBACK_INDEX = 1;

    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        if (e.model() == null || e.model().rules().isEmpty()) {
            return Optional.empty();
        }
        for (Packet p : e.packets()) {
            boolean probe = p.kind() == Packet.Kind.ECHO_REQUEST || p.kind() == Packet.Kind.TCP_SYN;
            boolean sender = p.outgoing() && p.namespace().equals(e.from());
            boolean router = !p.outgoing() && !p.namespace().equals(e.from());
            if (!probe || !(sender || router) || !e.target().equals(p.target())) {
                continue;
            }
            NamespaceState ns = e.namespaces().get(p.namespace());
            if (ns == null || ns.owner(e.target()).isPresent()) {
                continue;
            }
            Optional<Finding> f = explainAt(e, ns, p, router);
            if (f.isPresent()) {
                return f;
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> explainAt(TraceEvidence e, NamespaceState ns, Packet p, boolean router) {
        int mark = e.nftEvents().stream().filter(v -> v.namespace().equals(ns.name()) && v.event().mark() != 0)
                .map(v -> v.event().mark()).findFirst().orElse(0);
        Optional<Link> in = router ? ns.link(p.link()) : Optional.empty();
        // a packet of the namespace itself is matched as coming from lo (ip_route_output_key_hash: iif loopback)
        String iif = router ? p.link() : "lo";
        List<PolicyRuleSpec> rules = e.model().rules().stream().filter(r -> r.namespace().equals(ns.name()))
                .filter(r -> matches(r, p.source(), e.target(), iif, mark, e.sourceInterface()))
                .sorted(Comparator.comparingInt(r -> r.priority() == 0 ? Integer.MAX_VALUE : r.priority())).toList();
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        RouteLookup lookup = RouteLookup.to(e.target());
        if (p.source() != null && (router || !p.source().isAnyLocalAddress())) {
            lookup = lookup.from(p.source());
        }
        if (in.isPresent()) {
            lookup = lookup.arrivingOn(in.get().index());
        } else if (router) {
            return Optional.empty();
        }
        if (mark != 0) {
            lookup = lookup.withMark(mark);
        }
        Optional<RouteEntry> taken = ns.routeFor(lookup);
        Optional<RouteEntry> main = ns.routeTo(e.target()).filter(r -> r.table() == MAIN_TABLE);
        String packet = "the probe from " + f(p.source()) + (router ? " arriving on " + p.link() : "")
                + (mark != 0 ? " with mark 0x" + Integer.toHexString(mark) : "");
        String mainWords = main.map(r -> "; the main table would route it " + q(ns.format(r))
                + leadsTo(e, r).map(n -> " (to " + n + ")").orElse("")).orElse("");
        if (taken.isEmpty()) {
            PolicyRuleSpec r = rules.get(0);
            return Optional.of(finding(ns, r, "in " + ns.name() + ", " + packet + " matches " + declared(r)
                    + ", and the kernel finds no way out for it (no route to " + f(e.target()) + " in table "
                    + r.table() + " or after it, or an unreachable, prohibit or blackhole route)" + mainWords));
        }
        RouteEntry route = taken.get();
        Optional<PolicyRuleSpec> rule = rules.stream().filter(r -> r.table() == route.table()).findFirst();
        if (rule.isEmpty() || route.table() == MAIN_TABLE) {
            return Optional.empty();
        }
        if (main.isPresent() && Objects.equals(main.get().gateway(), route.gateway())
                && main.get().outIndex() == route.outIndex()) {
            return Optional.empty(); // the rule's table goes the same way: not the cause
        }
        PolicyRuleSpec r = rule.get();
        String where = leadsTo(e, route).map(n -> ", which leads to " + n).orElse("")
                + e.ownerNamespace(e.target()).map(o -> ", not toward " + o.name() + " (which owns "
                + f(e.target()) + ")").orElse("");
        return Optional.of(finding(ns, r, "in " + ns.name() + ", " + declared(r) + " sends " + packet + " to table "
                + route.table() + ", whose route is " + q(ns.format(route)) + where + mainWords));
    }

    private static Finding finding(NamespaceState ns, PolicyRuleSpec r, String sentence) {
        return new Finding(PathTrace.Cause.POLICY_ROUTE, sentence, "fix the routes of table " + r.table() + " in "
                + ns.name() + " (@Route(namespace = " + q(ns.name()) + ", table = " + r.table() + ", ...)), or narrow"
                + " the rule so this traffic stays with the main table (" + declared(r) + ")");
    }

    private static String declared(PolicyRuleSpec r) {
        return "policy rule " + q(r.describe()) + " (" + r.origin() + ")";
    }

    /** The namespace of the route's next hop (the gateway, or the target of a direct route). */
    private static Optional<String> leadsTo(TraceEvidence e, RouteEntry r) {
        InetAddress hop = r.gateway() != null ? r.gateway() : e.target();
        return e.ownerNamespace(hop).map(NamespaceState::name);
    }

    private static boolean matches(PolicyRuleSpec r, InetAddress source, InetAddress target, String iif, int mark,
            String boundTo) {
        if (r.from() != null && (source == null || !r.from().contains(source))) {
            return false;
        }
        if (r.to() != null && !r.to().contains(target)) {
            return false;
        }
        if (r.fwmark() != null) {
            int mask = r.fwmask() == null ? -1 : r.fwmask();
            if ((mark & mask) != (r.fwmark() & mask)) {
                return false;
            }
        }
        if (!r.iif().isEmpty() && !r.iif().equals(iif)) {
            return false;
        }
        return r.oif().isEmpty() || r.oif().equals(boundTo);
    }
}
