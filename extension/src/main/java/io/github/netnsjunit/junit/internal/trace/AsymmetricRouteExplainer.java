package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.route.RouteEntry;
import io.github.netnsjunit.netlink.route.RouteLookup;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Internal: the request reached the namespace owning the target, but that namespace routes its reply to the
 * sender out of another interface (or has no route back at all). With {@code rp_filter=1} (strict) the kernel
 * drops the request itself, since its reverse path does not leave where it came in; with 0 or 2 the reply leaves
 * elsewhere and is lost there.
 */
final class AsymmetricRouteExplainer implements TraceExplainer {
    private static final int MAIN_TABLE = 254;

    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        Optional<NamespaceState> owner = e.ownerNamespace(e.target());
        if (owner.isEmpty() || owner.get().name().equals(e.from())) {
            return Optional.empty();
        }
        NamespaceState t = owner.get();
        // the probe itself, or the ARP/ND request before it: rp_filter checks both against the route back
        Optional<Packet> arrived = e.packets().stream().filter(p -> p.namespace().equals(t.name()) && !p.outgoing()
                && (p.kind() == Packet.Kind.ECHO_REQUEST || p.kind() == Packet.Kind.TCP_SYN || p.isNeighbourRequest())
                && e.target().equals(p.target())).findFirst();
        if (arrived.isEmpty()) {
            return Optional.empty();
        }
        String in = arrived.get().link();
        String request = arrived.get().isNeighbourRequest()
                ? (arrived.get().kind() == Packet.Kind.ARP_REQUEST ? "ARP request" : "neighbour solicitation")
                        + " for " + f(e.target()) : "request";
        InetAddress sender = arrived.get().source();
        // the reply's own lookup: from the target address, so that policy rules on its source are followed
        Optional<RouteEntry> back = t.routeFor(RouteLookup.to(sender).from(e.target()));
        if (back.isEmpty()) {
            return Optional.of(new Finding(PathTrace.Cause.NO_ROUTE, "the " + request + " reached " + t.name() + " on " + in + ", but " + t.name() + " has no route back to " + f(sender)
                    + " in its main routing table, so it cannot reply",
                    "add the way back: @Route(namespace = " + q(t.name()) + ", to = \"default\", via = <the router on "
                            + in + "'s network>)"));
        }
        String out = t.linkName(back.get().outIndex());
        if (out.equals(in)) {
            return Optional.empty();
        }
        String rp = strictest(t.sysctl("net.ipv4.conf.all.rp_filter"), t.sysctl("net.ipv4.conf." + in + ".rp_filter"));
        boolean replyLeft = e.packets().stream().anyMatch(p -> p.namespace().equals(t.name()) && p.outgoing()
                && p.link().equals(out) && (p.kind() == Packet.Kind.ECHO_REPLY || p.kind() == Packet.Kind.TCP_SYN_ACK));
        String sentence = "the " + request + " reached " + t.name() + " on " + in + ", but "
                + t.name() + " routes its reply to " + f(sender) + " out of " + out + " (" + t.format(back.get())
                + (back.get().table() != MAIN_TABLE ? ", table " + back.get().table() + ", chosen by a policy rule" : "")
                + "), not back through " + in + " (asymmetric route)"
                + ("1".equals(rp) ? "; with rp_filter=1 (strict) on " + in + " the kernel drops the " + request + " itself"
                        : replyLeft ? "; the reply left through " + out + " and was lost there" : "");
        String fix = "route the reply back the way the request came: @Route(namespace = " + q(t.name()) + ", to = "
                + q(f(sender) + (sender instanceof Inet4Address ? "/32" : "/128")) + ", dev = " + q(in)
                + ") (or a via on " + in + "'s network); if the asymmetry is intended, set "
                + q("net.ipv4.conf.all.rp_filter=2") + " and " + q("net.ipv4.conf." + in + ".rp_filter=2")
                + " (loose) in @NetNamespace(value = " + q(t.name()) + ", sysctl = ...)";
        return Optional.of(new Finding(PathTrace.Cause.ASYMMETRIC_ROUTE, sentence, fix));
    }

    /** The kernel applies the larger of conf/all and conf/IF. */
    private static String strictest(String all, String dev) {
        try {
            return Integer.toString(Math.max(Integer.parseInt(all), Integer.parseInt(dev)));
        } catch (NumberFormatException e) {
            return "?";
        }
    }
}
