package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * Internal: the last resort. A router that received the probe and did not pass it on has
 * {@code net.ipv4.ip_forward=0}; otherwise the probe was lost after the last link that saw it.
 */
final class SilenceExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        List<Packet> forward = e.packets().stream().filter(p -> p.kind() == Packet.Kind.ECHO_REQUEST
                || p.kind() == Packet.Kind.TCP_SYN).toList();
        for (Packet p : forward) {
            boolean router = !p.outgoing() && !p.namespace().equals(e.from())
                    && e.namespaces().get(p.namespace()).owner(e.target()).isEmpty();
            if (router && forward.stream().noneMatch(q -> q.outgoing() && q.namespace().equals(p.namespace()))) {
                NamespaceState ns = e.namespaces().get(p.namespace());
                String key = e.target() instanceof Inet4Address ? "net.ipv4.ip_forward"
                        : "net.ipv6.conf.all.forwarding";
                String forwarding = ns.sysctl(key);
                if ("0".equals(forwarding)) {
                    return Optional.of(new Finding(PathTrace.Cause.NO_ANSWER, p.namespace() + " received the probe on "
                            + p.link() + " but does not forward it: " + key + " is 0 there",
                            "@NetNamespace(value = " + q(p.namespace()) + ", sysctl = " + q(key + "=1") + ")"));
                }
            }
        }
        String last = forward.isEmpty() ? null : forward.get(forward.size() - 1).where();
        String sentence = last == null
                ? "the probe to " + f(e.target()) + " was not seen on any link of the topology, and nothing answered"
                : "the probe to " + f(e.target()) + " was last seen at " + last + ", and nothing answered";
        return Optional.of(new Finding(PathTrace.Cause.NO_ANSWER, sentence,
                "read the hop account: the namespace after the last line is where to look (its routes, its"
                        + " firewall, whether the address is up there)"));
    }
}
