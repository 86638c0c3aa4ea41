package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.MacvlanSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internal: makes the macvlan that holds an IPv4 address the only link of its namespace that answers ARP for it,
 * where the namespace holds more than one link of the same Ethernet segment: a macvlan with its parent, or two
 * macvlans of one parent. Those links get {@code net.ipv4.conf.LINK.arp_ignore = 1} (answer only for addresses of
 * the link the request arrived on), written once the links exist and before the sysctls the test declares, which
 * may set it back.
 *
 * <p>Why: a broadcast ARP request arriving at the parent is handed to the parent's own stack at once and to each
 * macvlan later (macvlan_handle_frame: {@code macvlan_broadcast_enqueue}, a work item, then {@code RX_HANDLER_PASS}).
 * With the default {@code arp_ignore = 0} every one of them answers for any address of the namespace, each with its
 * own MAC (a capture shows the parent's answer first), and the asking peer keeps the first answer (arp_process: "If
 * several different ARP replies follows back-to-back, use the FIRST one"). The peer then sends to the parent's MAC,
 * which no macvlan owns: macvlan_handle_frame passes the frame to the parent's stack, so it never arrives at the
 * macvlan, nor at what the macvlan's ingress does (the ifb of {@link IngressShaping}). Only an ARP request of the
 * macvlan itself puts the macvlan's MAC in the peer's entry (arp_process: neigh_event_ns overrides), and the macvlan
 * sends one only when it must answer the peer (a SYN-ACK, an echo reply) before its work item has taught it the peer's
 * MAC: a race, lost with or without a busy CPU in 4 of 30 builds, which then sent a whole transfer past the macvlan's
 * ifb, each time with the parent's MAC in the peer's neighbour entry. IPv6 needs nothing: ndisc_recv_ns answers only
 * for addresses of the link the solicitation arrived on.
 */
final class MacvlanArp {
    private MacvlanArp() {
    }

    /**
     * The sysctls to write, by namespace, in order: {@code net/ipv4/conf/LINK/arp_ignore} (slashes, as a link name
     * may contain dots) to {@code 1} for every link of a namespace that shares it with another link of its segment.
     */
    static Map<String, Map<String, String>> sysctls(TopologyModel model) {
        // namespace -> parent (as "parentNamespace/parent") -> the links of that segment in the namespace
        Map<String, Map<String, Set<String>>> segments = new LinkedHashMap<>();
        for (MacvlanSpec m : model.macvlans()) {
            Set<String> links = segments.computeIfAbsent(m.namespace(), n -> new LinkedHashMap<>())
                    .computeIfAbsent(m.parentNamespace() + "/" + m.parent(), p -> new LinkedHashSet<>());
            if (m.parentNamespace().equals(m.namespace())) {
                links.add(m.parent());
            }
            links.add(m.name());
        }
        Map<String, Map<String, String>> sysctls = new LinkedHashMap<>();
        segments.forEach((namespace, byParent) -> {
            List<String> shared = new ArrayList<>();
            byParent.values().stream().filter(links -> links.size() > 1).forEach(shared::addAll);
            for (String link : shared) {
                sysctls.computeIfAbsent(namespace, n -> new LinkedHashMap<>())
                        .put("net/ipv4/conf/" + link + "/arp_ignore", "1");
            }
        });
        return sysctls;
    }
}
