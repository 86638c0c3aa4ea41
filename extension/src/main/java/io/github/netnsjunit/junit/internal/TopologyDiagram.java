package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.DiagramFormat;
import io.github.netnsjunit.junit.internal.model.HostEntrySpec;
import io.github.netnsjunit.junit.internal.model.LinkEnd;
import io.github.netnsjunit.junit.internal.model.MacvlanSpec;
import io.github.netnsjunit.junit.internal.model.MasqueradeSpec;
import io.github.netnsjunit.junit.internal.model.NamespaceSpec;
import io.github.netnsjunit.junit.internal.model.PolicyRuleSpec;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.PortForwardSpec;
import io.github.netnsjunit.junit.internal.model.RouteSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.VxlanSpec;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Internal: draws a declared {@link TopologyModel} as a Mermaid flowchart or a Graphviz graph. Both come from
 * one layout: a group per namespace (declaration order, {@code host} last) holding a node per link (bridges
 * first, then veth ends in declaration order) and one node listing its routes and NAT rules; then an edge per
 * veth pair and per bridge port. The output is deterministic, so that it can be compared as text.
 */
public final class TopologyDiagram {

    /** A node: its id (unique, safe in both notations), shape, and label lines. */
    private record Node(String id, Shape shape, List<String> lines) {
    }

    private enum Shape { LINK, BRIDGE, RULES }

    /** An undirected edge. */
    private record Edge(String from, String to, String label, boolean dashed) {
    }

    /** A namespace: its id, title and nodes. */
    private record Group(String id, String title, List<Node> nodes) {
    }

    /**
     * What a failure report marks on the diagram: links that are down or without carrier, and the link where the
     * probe of a failed reachability assertion was last seen. Keys are {@code namespace/link}.
     *
     * @param down links down
     * @param lost the link where the probe was lost, or null
     */
    public record Marks(Set<String> down, String lost) {
        /** No marks: the declared topology as it is. */
        public static final Marks NONE = new Marks(Set.of(), null);

        /** Copies the set. */
        public Marks {
            down = Set.copyOf(down);
        }
    }

    private final List<Group> groups = new ArrayList<>();
    private final Map<String, String> marks = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    private final Map<String, String> linkIds = new LinkedHashMap<>();

    private TopologyDiagram(TopologyModel model) {
        layout(model);
    }

    /** Renders {@code model} in {@code format}. */
    public static String render(TopologyModel model, DiagramFormat format) {
        return render(model, format, Marks.NONE);
    }

    /** Renders {@code model} in {@code format}, with links down and the hop where the probe was lost marked. */
    public static String render(TopologyModel model, DiagramFormat format, Marks marks) {
        TopologyDiagram d = new TopologyDiagram(model);
        d.mark(marks);
        return switch (format) {
            case MERMAID -> d.mermaid();
            case DOT -> d.dot();
        };
    }

    /** Marks nodes: {@code down} or {@code lost} by node id; a lost link that is also down is both. */
    private void mark(Marks m) {
        for (String key : m.down()) {
            String id = linkIds.get(key.replaceFirst("/", "\u0000"));
            if (id != null) {
                marks.put(id, "down");
            }
        }
        if (m.lost() != null) {
            String id = linkIds.get(m.lost().replaceFirst("/", "\u0000"));
            if (id != null) {
                marks.merge(id, "lost", (a, b) -> a + " " + b);
            }
        }
    }

    /** The extra label line of a marked node. */
    private List<String> linesOf(Node n) {
        String mark = marks.get(n.id());
        if (mark == null) {
            return n.lines();
        }
        List<String> lines = new ArrayList<>(n.lines());
        if (mark.contains("down")) {
            lines.add("DOWN");
        }
        if (mark.contains("lost")) {
            lines.add("probe lost here");
        }
        return lines;
    }

    private void layout(TopologyModel model) {
        Set<String> namespaces = new LinkedHashSet<>();
        model.namespaces().stream().map(NamespaceSpec::name).forEach(namespaces::add);
        if (model.touchesHost()) {
            namespaces.add(Namespaces.HOST);
        }
        for (String ns : namespaces) {
            List<Node> nodes = new ArrayList<>();
            for (LinkEnd e : model.linksIn(ns).stream().sorted(LinkEnd.BRIDGES_FIRST).toList()) {
                nodes.add(e.isBridge() ? link(ns, e.name(), Shape.BRIDGE, e.name() + " (bridge)", e.addresses())
                        : link(ns, e.name(), Shape.LINK, title(model, e), e.addresses()));
            }
            List<String> rules = rules(model, ns);
            rules.addAll(hostEntries(model, ns));
            if (!rules.isEmpty()) {
                nodes.add(new Node(uniqueId(ns + "_rules"), Shape.RULES, rules));
            }
            groups.add(new Group(uniqueId("ns_" + ns), "netns " + ns + hostnames(model, ns), nodes));
        }
        List<LinkEnd> ends = model.ends();
        Set<String> drawn = new HashSet<>();
        for (LinkEnd e : ends) {
            if (drawn.contains(key(e.namespace(), e.name()))) {
                continue;
            }
            model.peerOf(e.namespace(), e.name()).ifPresent(p -> {
                drawn.add(key(p.namespace(), p.name()));
                edges.add(new Edge(linkIds.get(key(e.namespace(), e.name())), linkIds.get(key(p.namespace(), p.name())),
                        e.kind().name().toLowerCase(Locale.ROOT), false));
            });
        }
        for (LinkEnd e : ends) {
            port(e.namespace(), e.name(), e.master());
        }
        for (LinkEnd e : ends) {
            // a macvlan to its parent, a VXLAN link to its underlay: dashed, like a bridge port
            model.lowerOf(e.namespace(), e.name()).ifPresent(lower -> edges.add(new Edge(
                    linkIds.get(key(e.namespace(), e.name())), linkIds.get(key(lower.namespace(), lower.name())),
                    e.kind().name().toLowerCase(Locale.ROOT), true)));
        }
        tunnels(model);
    }

    /** A link's title: its name, and for a macvlan or VXLAN link what it is ("mv0 (macvlan bridge)"). */
    private static String title(TopologyModel model, LinkEnd e) {
        for (MacvlanSpec m : model.macvlans()) {
            if (e.kind() == LinkEnd.Kind.MACVLAN && e.is(m.namespace(), m.name())) {
                return e.name() + " (macvlan " + m.mode().word() + ")";
            }
        }
        for (VxlanSpec x : model.vxlans()) {
            if (e.kind() == LinkEnd.Kind.VXLAN && e.is(x.namespace(), x.name())) {
                return e.name() + " (vxlan " + x.vni() + ")";
            }
        }
        return e.name();
    }

    /** VXLAN links of one VNI and port in different namespaces carry one overlay: an edge per pair. */
    private void tunnels(TopologyModel model) {
        List<VxlanSpec> vxlans = model.vxlans();
        for (int i = 0; i < vxlans.size(); i++) {
            for (int j = i + 1; j < vxlans.size(); j++) {
                VxlanSpec a = vxlans.get(i);
                VxlanSpec b = vxlans.get(j);
                if (a.vni() == b.vni() && a.port() == b.port() && !a.namespace().equals(b.namespace())) {
                    edges.add(new Edge(linkIds.get(key(a.namespace(), a.name())),
                            linkIds.get(key(b.namespace(), b.name())), "vni " + a.vni(), false));
                }
            }
        }
    }

    private Node link(String ns, String name, Shape shape, String title, List<IpPrefix> addresses) {
        String id = uniqueId(ns + "_" + name);
        linkIds.put(key(ns, name), id);
        List<String> lines = new ArrayList<>();
        lines.add(title);
        addresses.forEach(a -> lines.add(a.toString()));
        return new Node(id, shape, lines);
    }

    private void port(String ns, String name, String master) {
        String bridge = linkIds.get(key(ns, master));
        if (!master.isEmpty() && bridge != null) {
            edges.add(new Edge(linkIds.get(key(ns, name)), bridge, "port", true));
        }
    }

    /** The namespace's host names, as they follow its title: {@code " (db, postgres.test)"}. */
    private static String hostnames(TopologyModel model, String ns) {
        for (NamespaceSpec n : model.namespaces()) {
            if (n.name().equals(ns) && !n.hostnames().isEmpty()) {
                return " (" + String.join(", ", n.hostnames()) + ")";
            }
        }
        return "";
    }

    /** {@code @HostEntry} names of addresses on this namespace's links: {@code host api.example.com = 172.18.0.3}. */
    private static List<String> hostEntries(TopologyModel model, String ns) {
        List<String> lines = new ArrayList<>();
        for (HostEntrySpec h : model.hostEntries()) {
            List<IpPrefix> own = new ArrayList<>();
            model.linksIn(ns).forEach(e -> own.addAll(e.addresses()));
            if (own.stream().anyMatch(a -> a.address().equals(h.address()))) {
                lines.add("host " + h.name() + " = " + IpAddresses.format(h.address()));
            }
        }
        return lines;
    }

    private static List<String> rules(TopologyModel model, String ns) {
        List<String> lines = new ArrayList<>();
        for (RouteSpec r : model.routes()) {
            if (r.namespace().equals(ns)) {
                StringBuilder sb = new StringBuilder(r.to().length() == 0 ? "default" : r.to().toString());
                if (r.via() != null) {
                    sb.append(" via ").append(IpAddresses.format(r.via()));
                }
                if (!r.dev().isEmpty()) {
                    sb.append(" dev ").append(r.dev());
                }
                if (r.table() != 0) {
                    sb.append(" table ").append(r.table());
                }
                lines.add(sb.toString());
            }
        }
        for (PolicyRuleSpec p : model.rules()) {
            if (p.namespace().equals(ns)) {
                lines.add(p.describe());
            }
        }
        for (MasqueradeSpec m : model.masquerades()) {
            if (m.namespace().equals(ns)) {
                lines.add("masquerade " + m.source() + (m.outInterface().isEmpty() ? "" : " oif " + m.outInterface()));
            }
        }
        for (PortForwardSpec p : model.portForwards()) {
            if (p.namespace().equals(ns)) {
                lines.add("dnat " + p.protocol() + " " + p.port() + " to "
                        + IpAddresses.format(p.to().getAddress()) + ":" + p.to().getPort()
                        + (p.inInterface().isEmpty() ? "" : " iif " + p.inInterface()));
            }
        }
        return lines;
    }

    private static String key(String ns, String link) {
        return ns + "\u0000" + link;
    }

    /** An id of letters, digits and underscores, not used before in this diagram. */
    private String uniqueId(String wanted) {
        String base = wanted.replaceAll("[^A-Za-z0-9_]", "_");
        String id = base;
        for (int n = 2; !ids.add(id); n++) {
            id = base + "_" + n;
        }
        return id;
    }

    private String mermaid() {
        StringBuilder sb = new StringBuilder("flowchart LR\n");
        for (Group g : groups) {
            sb.append("  subgraph ").append(g.id()).append("[\"").append(mermaidText(g.title())).append("\"]\n");
            for (Node n : g.nodes()) {
                String label = '"' + String.join("<br/>", linesOf(n).stream().map(TopologyDiagram::mermaidText).toList()) + '"';
                String shaped = switch (n.shape()) {
                    case LINK -> "[" + label + "]";
                    case BRIDGE -> "{{" + label + "}}";
                    case RULES -> "[/" + label + "/]";
                };
                sb.append("    ").append(n.id()).append(shaped).append('\n');
            }
            sb.append("  end\n");
        }
        for (Edge e : edges) {
            sb.append("  ").append(e.from()).append(e.dashed() ? " -.-|" : " ---|").append(e.label()).append("| ")
                    .append(e.to()).append('\n');
        }
        if (!marks.isEmpty()) {
            sb.append("  classDef down fill:#fdd,stroke:#c00,stroke-dasharray:5 5\n");
            sb.append("  classDef lost fill:#ffe0b0,stroke:#e60,stroke-width:3px\n");
            marks.forEach((id, mark) -> sb.append("  class ").append(id).append(' ')
                    .append(mark.contains("lost") ? "lost" : "down").append('\n'));
        }
        return sb.toString();
    }

    private static String mermaidText(String text) {
        return text.replace("&", "#amp;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }

    private String dot() {
        StringBuilder sb = new StringBuilder("graph topology {\n");
        sb.append("  rankdir=LR;\n");
        sb.append("  node [shape=box];\n");
        for (Group g : groups) {
            sb.append("  subgraph cluster_").append(g.id()).append(" {\n");
            sb.append("    label=").append(dotText(g.title())).append(";\n");
            for (Node n : g.nodes()) {
                sb.append("    ").append(n.id()).append(" [label=").append(dotText(String.join("\n", linesOf(n))));
                String mark = marks.getOrDefault(n.id(), "");
                if (mark.contains("lost")) {
                    sb.append(", color=orange, penwidth=3");
                } else if (mark.contains("down")) {
                    sb.append(", color=red, style=dashed");
                }
                switch (n.shape()) {
                    case BRIDGE -> sb.append(", shape=hexagon");
                    case RULES -> sb.append(", shape=note");
                    default -> { }
                }
                sb.append("];\n");
            }
            sb.append("  }\n");
        }
        for (Edge e : edges) {
            sb.append("  ").append(e.from()).append(" -- ").append(e.to()).append(" [label=").append(dotText(e.label()))
                    .append(e.dashed() ? ", style=dashed" : "").append("];\n");
        }
        return sb.append("}\n").toString();
    }

    /** A DOT string literal; a newline becomes a centred line break. */
    private static String dotText(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
