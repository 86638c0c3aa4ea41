package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Internal: a validated network topology, ready to be built; every list is in declaration order. Produced by
 * {@link TopologyModels}, which guarantees that all references (namespaces, masters, devices) resolve.
 */
public record TopologyModel(List<NamespaceSpec> namespaces, List<VethSpec> veths, List<BridgeSpec> bridges,
                            List<RouteSpec> routes, List<MasqueradeSpec> masquerades,
                            List<PortForwardSpec> portForwards, List<HostEntrySpec> hostEntries,
                            List<LinkConditionsSpec> conditions, List<MacvlanSpec> macvlans,
                            List<VxlanSpec> vxlans, List<PolicyRuleSpec> rules) {

    /** A topology with nothing in it. */
    public static final TopologyModel EMPTY = new TopologyModel(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /** A topology without {@code @HostEntry} names and without link conditions. */
    public TopologyModel(List<NamespaceSpec> namespaces, List<VethSpec> veths, List<BridgeSpec> bridges,
                         List<RouteSpec> routes, List<MasqueradeSpec> masquerades, List<PortForwardSpec> portForwards) {
        this(namespaces, veths, bridges, routes, masquerades, portForwards, List.of(), List.of());
    }

    /** A topology without macvlan and VXLAN links and policy rules. */
    public TopologyModel(List<NamespaceSpec> namespaces, List<VethSpec> veths, List<BridgeSpec> bridges,
                         List<RouteSpec> routes, List<MasqueradeSpec> masquerades, List<PortForwardSpec> portForwards,
                         List<HostEntrySpec> hostEntries, List<LinkConditionsSpec> conditions) {
        this(namespaces, veths, bridges, routes, masquerades, portForwards, hostEntries, conditions, List.of(),
                List.of(), List.of());
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
        macvlans = List.copyOf(macvlans);
        vxlans = List.copyOf(vxlans);
        rules = List.copyOf(rules);
    }

    /** This topology's declarations followed by {@code other}'s, kind by kind; no validation. */
    public TopologyModel merge(TopologyModel other) {
        return new TopologyModel(concat(namespaces, other.namespaces), concat(veths, other.veths),
                concat(bridges, other.bridges), concat(routes, other.routes),
                concat(masquerades, other.masquerades), concat(portForwards, other.portForwards),
                concat(hostEntries, other.hostEntries), concat(conditions, other.conditions),
                concat(macvlans, other.macvlans), concat(vxlans, other.vxlans), concat(rules, other.rules));
    }

    /** True when nothing is declared, so the extension has nothing to build. */
    public boolean isEmpty() {
        return namespaces.isEmpty() && veths.isEmpty() && bridges.isEmpty() && routes.isEmpty()
                && masquerades.isEmpty() && portForwards.isEmpty() && hostEntries.isEmpty() && macvlans.isEmpty()
                && vxlans.isEmpty() && rules.isEmpty();
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

    // --- link ends: the one place that knows how each link kind is laid out (see LinkEnd) ---

    /**
     * Every declared link end: veth ends (each pair's first end, then its peer), then bridges, macvlans and VXLAN
     * links; in declaration order.
     */
    public List<LinkEnd> ends() {
        List<LinkEnd> ends = new ArrayList<>(2 * veths.size() + bridges.size());
        for (VethSpec v : veths) {
            ends.add(new LinkEnd(v.namespace(), v.name(), LinkEnd.Kind.VETH, v.addresses(), v.master(), v.origin()));
            ends.add(new LinkEnd(v.peerNamespace(), v.peer(), LinkEnd.Kind.VETH, v.peerAddresses(), v.peerMaster(),
                    v.origin()));
        }
        for (BridgeSpec b : bridges) {
            ends.add(new LinkEnd(b.namespace(), b.name(), LinkEnd.Kind.BRIDGE, b.addresses(), "", b.origin()));
        }
        for (MacvlanSpec m : macvlans) {
            ends.add(new LinkEnd(m.namespace(), m.name(), LinkEnd.Kind.MACVLAN, m.addresses(), "", m.origin()));
        }
        for (VxlanSpec x : vxlans) {
            ends.add(new LinkEnd(x.namespace(), x.name(), LinkEnd.Kind.VXLAN, x.addresses(), x.master(), x.origin()));
        }
        return ends;
    }

    /** The declared links of a namespace ({@code lo} is never declared), in the order of {@link #ends()}. */
    public List<LinkEnd> linksIn(String namespace) {
        return ends().stream().filter(e -> e.namespace().equals(namespace)).toList();
    }

    /** The declared link {@code link} of {@code namespace}, if there is one. */
    public Optional<LinkEnd> end(String namespace, String link) {
        return ends().stream().filter(e -> e.is(namespace, link)).findFirst();
    }

    /** The other end of a point-to-point link (a veth pair); empty for a bridge or an undeclared link. */
    public Optional<LinkEnd> peerOf(String namespace, String link) {
        List<LinkEnd> ends = ends();
        for (int i = 0; i < 2 * veths.size(); i++) {
            if (ends.get(i).is(namespace, link)) {
                return Optional.of(ends.get(i ^ 1)); // a pair's ends are neighbours in ends()
            }
        }
        return Optional.empty();
    }

    /**
     * The link a stacked link sits on: a macvlan's parent (perhaps in another namespace, where the macvlan was made)
     * or a VXLAN link's underlay device; empty for other links and a VXLAN link without a device.
     */
    public Optional<LinkEnd> lowerOf(String namespace, String link) {
        for (MacvlanSpec m : macvlans) {
            if (m.namespace().equals(namespace) && m.name().equals(link)) {
                return end(m.parentNamespace(), m.parent());
            }
        }
        for (VxlanSpec x : vxlans) {
            if (x.namespace().equals(namespace) && x.name().equals(link) && !x.device().isEmpty()) {
                return end(x.namespace(), x.device());
            }
        }
        return Optional.empty();
    }

    /** Every address declared on the links of these namespaces, in the order of {@link #ends()}. */
    public List<InetAddress> addressesIn(Set<String> namespaces) {
        List<InetAddress> out = new ArrayList<>();
        for (LinkEnd e : ends()) {
            if (namespaces.contains(e.namespace())) {
                e.addresses().stream().map(IpPrefix::address).forEach(out::add);
            }
        }
        return out;
    }

    /**
     * This topology with the links of one namespace renamed ({@code aliases}: declared name to new name), everywhere
     * a declaration names them: link ends, masters, route devices, NAT interfaces. Link conditions are left alone
     * (the host's links, the only ones renamed, never carry any: {@code ConditionChecks} refuses them).
     */
    public TopologyModel renameLinks(String namespace, Map<String, String> aliases) {
        if (aliases.isEmpty()) {
            return this;
        }
        return new TopologyModel(namespaces,
                veths.stream().map(v -> new VethSpec(
                        rename(namespace, aliases, v.namespace(), v.name()), v.namespace(), v.addresses(),
                        rename(namespace, aliases, v.peerNamespace(), v.peer()), v.peerNamespace(), v.peerAddresses(),
                        rename(namespace, aliases, v.namespace(), v.master()),
                        rename(namespace, aliases, v.peerNamespace(), v.peerMaster()),
                        v.mtu(), v.mac(), v.peerMac(), v.origin(), v.peerMtu())).toList(),
                bridges.stream().map(b -> new BridgeSpec(rename(namespace, aliases, b.namespace(), b.name()),
                        b.namespace(), b.addresses(), b.mtu(), b.origin())).toList(),
                routes.stream().map(r -> new RouteSpec(r.namespace(), r.to(), r.via(),
                        rename(namespace, aliases, r.namespace(), r.dev()), r.table(), r.origin())).toList(),
                masquerades.stream().map(m -> new MasqueradeSpec(m.namespace(), m.source(),
                        rename(namespace, aliases, m.namespace(), m.outInterface()), m.origin())).toList(),
                portForwards.stream().map(p -> new PortForwardSpec(p.namespace(), p.protocol(), p.port(), p.to(),
                        rename(namespace, aliases, p.namespace(), p.inInterface()), p.origin())).toList(),
                hostEntries, conditions, macvlans, vxlans, rules); // never in the host (their checks refuse it)
    }

    private static String rename(String renamed, Map<String, String> aliases, String namespace, String name) {
        return renamed.equals(namespace) ? aliases.getOrDefault(name, name) : name;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
