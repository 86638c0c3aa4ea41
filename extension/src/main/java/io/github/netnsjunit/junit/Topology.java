package io.github.netnsjunit.junit;

import java.util.List;

/**
 * The topology built for the current test, injected as a test parameter. Namespaces are looked up by the names
 * declared with {@link NetNamespace} ({@code "host"} is the JVM's own, when the topology uses it).
 */
public interface Topology {
    /**
     * The namespace of that name.
     *
     * @throws IllegalArgumentException naming the declared namespaces when there is none of that name
     */
    NetNs namespace(String name);

    /** Every namespace of the topology, in declaration order. */
    List<NetNs> namespaces();

    /**
     * A readable snapshot of every namespace, read from the kernel: links, addresses, routes, neighbours, bridge
     * forwarding databases and nftables rules.
     */
    String describe();

    /**
     * A diagram of the declared topology in Mermaid ({@code flowchart LR}): a subgraph per namespace, a node per
     * link with its addresses, edges for veth pairs and bridge ports.
     */
    default String diagram() {
        return diagram(DiagramFormat.MERMAID);
    }

    /** A diagram of the declared topology in the given notation. */
    String diagram(DiagramFormat format);

    /**
     * The real name of a declared link. Names are kept as declared, except in {@code "host"}: links a test creates
     * there get unique names ({@code nj<pid>-<random>}) so that tests and JVMs sharing the machine never clash.
     */
    String linkName(String namespace, String declaredLink);
}
