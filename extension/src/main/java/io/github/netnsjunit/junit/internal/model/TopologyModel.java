package io.github.netnsjunit.junit.internal.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Internal: a validated network topology, ready to be built; every list is in declaration order. Produced by
 * {@link TopologyModels}, which guarantees that all references (namespaces, masters, devices) resolve.
 */
public record TopologyModel(List<NamespaceSpec> namespaces, List<VethSpec> veths, List<BridgeSpec> bridges,
                            List<RouteSpec> routes, List<MasqueradeSpec> masquerades,
                            List<PortForwardSpec> portForwards, List<HostEntrySpec> hostEntries,
                            List<LinkConditionsSpec> conditions) {

    /** A topology with nothing in it. */
    public static final TopologyModel EMPTY = new TopologyModel(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /** A topology without {@code @HostEntry} names and without link conditions. */
    public TopologyModel(List<NamespaceSpec> namespaces, List<VethSpec> veths, List<BridgeSpec> bridges,
                         List<RouteSpec> routes, List<MasqueradeSpec> masquerades, List<PortForwardSpec> portForwards) {
        this(namespaces, veths, bridges, routes, masquerades, portForwards, List.of(), List.of());
    }

    /** Copies every list. */
    public TopologyModel {
        hostEntries = List.copyOf(hostEntries);
        namespaces = List.copyOf(namespaces);
        veths = List.copyOf(veths);
        bridges = List.copyOf(bridges);
        routes = List.copyOf(routes);
        masquerades = List.copyOf(masquerades);
        portForwards = List.copyOf(portForwards);
        conditions = List.copyOf(conditions);
    }

    /** This topology's declarations followed by {@code other}'s, kind by kind; no validation. */
    public TopologyModel merge(TopologyModel other) {
        return new TopologyModel(concat(namespaces, other.namespaces), concat(veths, other.veths),
                concat(bridges, other.bridges), concat(routes, other.routes),
                concat(masquerades, other.masquerades), concat(portForwards, other.portForwards),
                concat(hostEntries, other.hostEntries), concat(conditions, other.conditions));
    }

    /** True when nothing is declared, so the extension has nothing to build. */
    public boolean isEmpty() {
        return namespaces.isEmpty() && veths.isEmpty() && bridges.isEmpty() && routes.isEmpty()
                && masquerades.isEmpty() && portForwards.isEmpty() && hostEntries.isEmpty();
    }

    /** True when any declaration changes the JVM's own namespace ({@link Namespaces#HOST}). */
    public boolean touchesHost() {
        // plain loops: this runs at the start of every build, where a stream pipeline's setup shows in the timings
        for (VethSpec v : veths) {
            if (isHost(v.namespace()) || isHost(v.peerNamespace())) {
                return true;
            }
        }
        for (BridgeSpec b : bridges) {
            if (isHost(b.namespace())) {
                return true;
            }
        }
        for (RouteSpec r : routes) {
            if (isHost(r.namespace())) {
                return true;
            }
        }
        for (MasqueradeSpec m : masquerades) {
            if (isHost(m.namespace())) {
                return true;
            }
        }
        for (PortForwardSpec p : portForwards) {
            if (isHost(p.namespace())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHost(String namespace) {
        return Namespaces.HOST.equals(namespace);
    }

    /** Names of the declared namespaces in declaration order ({@link Namespaces#HOST} is never among them). */
    public Set<String> namespaceNames() {
        Set<String> names = new LinkedHashSet<>();
        namespaces.forEach(n -> names.add(n.name()));
        return Collections.unmodifiableSet(names);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
