package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;
import static io.github.netnsjunit.junit.internal.trace.Words.times;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Neighbour;
import io.github.netnsjunit.netlink.route.RouteEntry;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Internal: ARP (or IPv6 neighbour discovery) for the target, or for the next hop towards it, went unanswered.
 * Seed 3's first case: the peer holds no address, so nobody answers "who-has". Says whether anybody in the
 * topology owns the address, and which addresses that network does have.
 */
final class NeighbourExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        Optional<Packet> request = e.packets().stream().filter(p -> p.outgoing() && p.isNeighbourRequest()
                && HopAccount.unanswered(p, e.packets())).findFirst();
        if (request.isEmpty()) {
            return failedEntry(e);
        }
        Packet r = request.get();
        InetAddress asked = r.target();
        int count = (int) e.packets().stream().filter(p -> p.outgoing() && p.isNeighbourRequest()
                && p.namespace().equals(r.namespace()) && p.link().equals(r.link()) && asked.equals(p.target())).count();
        String what = r.kind() == Packet.Kind.ARP_REQUEST ? "ARP who-has " : "neighbour solicitation for ";
        String hop = asked.equals(e.target()) ? "" : " (the next hop towards " + f(e.target()) + ")";
        List<String[]> owners = e.owners(asked);
        if (owners.isEmpty()) {
            String sentence = "nobody in the topology owns " + f(asked) + hop + ": " + r.namespace() + " sent " + what
                    + f(asked) + " out of " + r.link() + " " + times(count) + " and got no reply";
            String others = neighbours(e, r.namespace(), asked);
            String fix = "give " + f(asked) + " to the link that should answer (address = " + q(f(asked) + "/"
                    + prefixLength(e, r.namespace(), asked)) + " on that end of the @VethPair), or use an address that"
                    + " exists on that network" + (others.isEmpty() ? "" : ": " + others);
            return Optional.of(new Finding(PathTrace.Cause.NEIGHBOUR_UNANSWERED, sentence, fix));
        }
        String[] o = owners.get(0);
        String sentence = f(asked) + hop + " belongs to " + o[1] + " in " + o[0] + ", but " + r.namespace() + "'s "
                + what + f(asked) + " out of " + r.link() + " went unanswered " + times(count);
        String fix = "check that " + o[1] + " in " + o[0] + " is on the same link as " + r.link() + " in "
                + r.namespace() + " (the hop account shows where the requests arrived) and that no rule drops "
                + (r.kind() == Packet.Kind.ARP_REQUEST ? "ARP" : "neighbour discovery (ICMPv6 types 135 and 136)")
                + " there";
        return Optional.of(new Finding(PathTrace.Cause.NEIGHBOUR_UNANSWERED, sentence, fix));
    }

    /**
     * No request in the capture, but the sender's neighbour entry for the target (or the next hop) is INCOMPLETE or
     * FAILED: the kernel gave up on it before the trace and answered the probe with a local host unreachable.
     */
    private static Optional<Finding> failedEntry(TraceEvidence e) {
        NamespaceState src = e.source();
        Optional<RouteEntry> route = src.routeTo(e.target());
        InetAddress hop = route.map(r -> r.gateway() != null ? r.gateway() : e.target()).orElse(e.target());
        Optional<Neighbour> entry = src.neighbours().stream()
                .filter(n -> hop.equals(n.address()) && !n.isResolved()).findFirst();
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        String link = src.linkName(entry.get().index());
        String next = hop.equals(e.target()) ? "" : " (the next hop towards " + f(e.target()) + ")";
        List<String[]> owners = e.owners(hop);
        String sentence = (owners.isEmpty() ? "nobody in the topology owns " + f(hop) + next + ": "
                : f(hop) + next + " belongs to " + owners.get(0)[1] + " in " + owners.get(0)[0] + ", but ")
                + src.name() + "'s neighbour entry for it on " + link + " is " + entry.get().toString()
                        .replaceFirst("^\\S+ ", "") + ": its ARP/ND requests went unanswered";
        String others = neighbours(e, src.name(), hop);
        String fix = owners.isEmpty()
                ? "give " + f(hop) + " to the link that should answer, or use an address that exists on that network"
                        + (others.isEmpty() ? "" : ": " + others)
                : "check that " + owners.get(0)[1] + " in " + owners.get(0)[0] + " is on the same link as " + link;
        return Optional.of(new Finding(PathTrace.Cause.NEIGHBOUR_UNANSWERED, sentence, fix));
    }

    /** The addresses of the topology on the asking namespace's network of {@code asked}. */
    private static String neighbours(TraceEvidence e, String namespace, InetAddress asked) {
        NamespaceState ns = e.namespaces().get(namespace);
        Optional<Address> mine = ns.addresses().stream().filter(a -> a.prefix().network().contains(asked)).findFirst();
        if (mine.isEmpty()) {
            return "";
        }
        return e.namespaces().values().stream().flatMap(n -> n.addresses().stream()
                        .filter(a -> mine.get().prefix().network().contains(a.prefix().address()))
                        .map(a -> f(a.prefix().address()) + " (" + n.linkName(a.index()) + " in " + n.name() + ")"))
                .distinct().reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static int prefixLength(TraceEvidence e, String namespace, InetAddress asked) {
        return e.namespaces().get(namespace).addresses().stream().filter(a -> a.prefix().network().contains(asked))
                .map(a -> a.prefix().length()).findFirst().orElse(asked.getAddress().length * 8);
    }
}
