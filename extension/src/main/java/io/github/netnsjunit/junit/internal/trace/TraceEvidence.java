package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Internal: everything a trace saw, for the explainers: the probe and its outcome, the packets captured on every
 * link of the namespaces on the way, the nftables trace events, every namespace's state right after the probe,
 * and the declared model.
 *
 * @param from            the namespace the probe was sent from
 * @param target          the address probed
 * @param port            the TCP port, or -1 for an ICMP echo
 * @param sourceInterface the interface the probe was bound to, or null
 * @param outcome         what the probe came to
 * @param detail          the errno name of a refused send, the ICMP errors received, or the JDK's message
 * @param packets         the frames of the probe, in time order
 * @param nftEvents       the nftables trace events of the probe's packets, in order
 * @param namespaces      each namespace's state, by name, in declaration order
 * @param model           the declared topology
 */
public record TraceEvidence(String from, InetAddress target, int port, String sourceInterface, Outcome outcome,
        String detail, List<Packet> packets, List<NftVerdict> nftEvents, Map<String, NamespaceState> namespaces,
        TopologyModel model) {

    /** What the probe came to. */
    public enum Outcome {
        /** An echo reply or an accepted connection. */
        ANSWERED,
        /** The local stack had no route (ENETUNREACH): nothing left the namespace. */
        NO_ROUTE,
        /** The local stack refused to send for another reason (its errno is the detail): nothing left. */
        NOT_SENT,
        /** An ICMP error came back instead of a reply. */
        ICMP_ERROR,
        /** The peer answered the SYN with a reset. */
        REFUSED,
        /** Nothing came back within the timeout. */
        SILENT
    }

    /** Is this an ICMP echo probe? */
    public boolean isPing() {
        return port < 0;
    }

    /** The state of the source namespace. */
    public NamespaceState source() {
        return namespaces.get(from);
    }

    /** Every (namespace, link name) holding {@code address}. */
    public List<String[]> owners(InetAddress address) {
        List<String[]> owners = new ArrayList<>();
        for (NamespaceState ns : namespaces.values()) {
            ns.owner(address).ifPresent(l -> owners.add(new String[] {ns.name(), l.name()}));
        }
        return owners;
    }

    /** The namespace holding {@code address}, if any. */
    public Optional<NamespaceState> ownerNamespace(InetAddress address) {
        return namespaces.values().stream().filter(ns -> ns.owner(address).isPresent()).findFirst();
    }

    /** The probe in words, e.g. {@code ICMP echo from ns1 to 172.18.0.2}. */
    public String probe() {
        String what = isPing() ? "ICMP echo" : "TCP connection";
        return what + " from " + from + (sourceInterface == null ? "" : " out of " + sourceInterface) + " to "
                + NamespaceState.f(target) + (isPing() ? "" : " port " + port);
    }
}
