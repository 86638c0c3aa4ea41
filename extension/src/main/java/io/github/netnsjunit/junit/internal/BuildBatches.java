package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.MacvlanSpec;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.VethSpec;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: the netlink batches of one build, per namespace, and the order they are sent in.
 *
 * <p>A namespace's links are created by its own batch, except veth peers, which the batch of the namespace that
 * declares the pair creates, and macvlans, which their parent's namespace creates (then stacked links, macvlans and
 * VXLAN links, go in the batch after the links they sit on: {@link #stackedCreation}). So a namespace's configuration can go in the same datagram as its creations once the
 * batches of the namespaces that put peers into it were sent: the namespaces are sent in such an order, one
 * datagram each. Two exceptions keep separate steps:
 * <ul>
 *   <li>the host: its creations are acknowledged before anything refers to their ifindexes. The kernel goes on with
 *       a datagram's next message after a failed one, and if a creation failed because another program took the
 *       index meanwhile, the configuration would act on that program's link;</li>
 *   <li>pairs declared crosswise (a cycle of namespaces): then every creation is sent first, then every
 *       configuration.</li>
 * </ul>
 */
final class BuildBatches {
    private final Map<String, RouteClient> clients;
    /** Namespaces in sending order, or null when their creations depend on each other in a cycle. */
    private final List<String> order;
    private final Map<String, RouteChanges> creations = new HashMap<>();
    private final Map<String, RouteChanges> configurations = new HashMap<>();
    /** With crosswise pairs only: stacked links, sent after every creation and before every configuration. */
    private final Map<String, RouteChanges> stacked = new HashMap<>();

    /** {@code clients}: every namespace of the build, in declaration order. */
    BuildBatches(TopologyModel model, Map<String, RouteClient> clients) {
        this.clients = clients;
        this.order = sendingOrder(model, List.copyOf(clients.keySet()));
    }

    /** The batch that creates links in {@code namespace}. */
    RouteChanges creation(String namespace) {
        return creations.computeIfAbsent(namespace, n -> clients.get(n).changes());
    }

    /**
     * The batch that creates links stacked on others (macvlans, VXLAN links) in {@code namespace}: one sent after
     * every batch that creates a link there; call after every {@link #creation} of the build.
     */
    RouteChanges stackedCreation(String namespace) {
        if (order != null) {
            return creation(namespace);
        }
        return stacked.computeIfAbsent(namespace, n -> clients.get(n).changes());
    }

    /** The batch that configures links of {@code namespace}; call after every {@link #creation} of the build. */
    RouteChanges configuration(String namespace) {
        if (order != null && !Namespaces.HOST.equals(namespace)) {
            return creation(namespace);
        }
        return configurations.computeIfAbsent(namespace, n -> clients.get(n).changes());
    }

    /** Sends every batch and waits for the answers; throws the first failure. */
    void sendAll() {
        if (order == null) {
            clients.keySet().forEach(n -> send(creations.get(n)));
            clients.keySet().forEach(n -> send(stacked.get(n)));
            clients.keySet().forEach(n -> send(configurations.get(n)));
            return;
        }
        for (String n : order) {
            send(creations.get(n));
            send(configurations.get(n));
        }
    }

    private static void send(RouteChanges batch) {
        if (batch != null && batch.size() > 0) {
            batch.execute();
        }
    }

    /**
     * The namespaces, each after those whose batches create links in it (veth peers, macvlans); among those ready,
     * declaration order first. Null if there is a cycle.
     */
    static List<String> sendingOrder(TopologyModel model, List<String> namespaces) {
        Map<String, Integer> waitingFor = new LinkedHashMap<>();
        Map<String, List<String>> peersMadeBy = new HashMap<>();
        namespaces.forEach(n -> waitingFor.put(n, 0));
        for (VethSpec v : model.veths()) {
            if (!v.namespace().equals(v.peerNamespace())) {
                waitingFor.merge(v.peerNamespace(), 1, Integer::sum);
                peersMadeBy.computeIfAbsent(v.namespace(), k -> new ArrayList<>()).add(v.peerNamespace());
            }
        }
        for (MacvlanSpec m : model.macvlans()) {
            if (!m.namespace().equals(m.parentNamespace())) {
                waitingFor.merge(m.namespace(), 1, Integer::sum);
                peersMadeBy.computeIfAbsent(m.parentNamespace(), k -> new ArrayList<>()).add(m.namespace());
            }
        }
        List<String> order = new ArrayList<>();
        while (order.size() < waitingFor.size()) {
            String ready = null;
            for (Map.Entry<String, Integer> e : waitingFor.entrySet()) {
                if (e.getValue() == 0 && !order.contains(e.getKey())) {
                    ready = e.getKey();
                    break;
                }
            }
            if (ready == null) {
                return null;
            }
            order.add(ready);
            for (String peer : peersMadeBy.getOrDefault(ready, List.of())) {
                waitingFor.merge(peer, -1, Integer::sum);
            }
        }
        return order;
    }
}
