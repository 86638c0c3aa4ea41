package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the whole topology declares, gathered before any check so that a declaration may refer to one written
 * after it (a {@code @Route} above the {@code @VethPair} it uses is fine). Values that do not parse are
 * left out here; the check of their own declaration reports them.
 */
final class TopologyIndex {

    /** Declared namespace names, {@code host} excluded even when (wrongly) declared. */
    private final Set<String> namespaces = new LinkedHashSet<>();
    /** Per namespace: link name to what it is, first declaration wins. */
    private final Map<String, Map<String, LinkEnd.Kind>> links = new LinkedHashMap<>();
    /** Per namespace: the addresses on our links, which make their networks directly reachable. */
    private final Map<String, List<IpPrefix>> connected = new LinkedHashMap<>();

    TopologyIndex(RawTopology raw) {
        for (Declaration d : raw.declarations()) {
            if (d instanceof Declaration.Namespace n && !n.name().equals(Namespaces.HOST)) {
                namespaces.add(n.name());
            } else if (d instanceof Declaration.Veth v) {
                addLink(v.namespace(), v.name(), LinkEnd.Kind.VETH, v.addresses());
                addLink(v.peerNamespace(), v.peer(), LinkEnd.Kind.VETH, v.peerAddresses());
            } else if (d instanceof Declaration.Bridge b) {
                addLink(b.namespace(), b.name(), LinkEnd.Kind.BRIDGE, b.addresses());
            }
        }
    }

    private void addLink(String namespace, String name, LinkEnd.Kind kind, List<String> addresses) {
        links.computeIfAbsent(namespace, k -> new LinkedHashMap<>()).putIfAbsent(name, kind);
        List<IpPrefix> prefixes = connected.computeIfAbsent(namespace, k -> new ArrayList<>());
        for (String text : addresses) {
            try {
                prefixes.add(IpPrefix.parse(text));
            } catch (IllegalArgumentException e) {
                // reported by the check of the declaration itself
            }
        }
    }

    Set<String> namespaces() {
        return namespaces;
    }

    boolean isKnownNamespace(String name) {
        return name.equals(Namespaces.HOST) || namespaces.contains(name);
    }

    /** The declared links of a namespace and {@code lo}, which every namespace has. */
    Set<String> linksIn(String namespace) {
        Set<String> names = new LinkedHashSet<>();
        names.add("lo");
        names.addAll(links.getOrDefault(namespace, Map.of()).keySet());
        return names;
    }

    /** "a veth end", "a bridge", or null when no such link is declared there. */
    String kindOf(String namespace, String link) {
        LinkEnd.Kind kind = links.getOrDefault(namespace, Map.of()).get(link);
        return kind == null ? null : kind.words();
    }

    List<String> bridgesIn(String namespace) {
        List<String> bridges = new ArrayList<>();
        links.getOrDefault(namespace, Map.of()).forEach((name, kind) -> {
            if (kind == LinkEnd.Kind.BRIDGE) {
                bridges.add(name);
            }
        });
        return bridges;
    }

    List<IpPrefix> connectedIn(String namespace) {
        return connected.getOrDefault(namespace, List.of());
    }
}
