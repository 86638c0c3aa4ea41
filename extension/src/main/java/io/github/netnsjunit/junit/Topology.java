package io.github.netnsjunit.junit;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The topology built for the current test, injected as a test parameter. Namespaces are looked up by the names
 * declared with {@link NetNamespace} ({@code "host"} is the JVM's own, when the topology uses it). The live
 * topology, as built; what is declared in code before anything is built is a {@link NetworkTopology}.
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

    /**
     * Cuts the named namespaces off from the rest of the topology: no IP packet crosses between the group and the
     * other namespaces, in either direction, until {@link Partition#heal()} (or teardown). Packets are dropped, so
     * connects time out and established TCP connections stall, then carry on after the heal.
     * <pre>{@code
     * try (Partition p = topology.partition("ns1")) {
     *     assertThat(ns2.canConnect("10.0.0.1", 8080, Duration.ofMillis(300))).isFalse();
     * }
     * }</pre>
     *
     * @throws IllegalArgumentException for an unknown namespace, {@code "host"}, none, or every namespace
     */
    Partition partition(String... namespaces);

    /**
     * A partition of any shape (Jepsen's "grudge"): each namespace named as a key no longer hears the namespaces of
     * its value — it drops what it receives from their addresses, and every test namespace drops what it would
     * forward from them to it. A symmetric cut names both directions; {@code io.github.netnsjunit.junit.nemesis.
     * PartitionShape} makes Jepsen's shapes (isolate one, halves, majorities ring, bridge) over a set of namespaces.
     * <pre>{@code
     * topology.partitionShape("ns1 deaf to ns2", Map.of("ns1", Set.of("ns2")));
     * }</pre>
     *
     * @param name  what the partition is called in {@code toString()}, failure messages and timelines
     * @param grudge namespace -> the namespaces it no longer hears
     * @throws IllegalArgumentException for an unknown namespace, {@code "host"}, a namespace told not to hear itself,
     *                                  or a grudge that cuts nothing
     */
    default Partition partitionShape(String name, Map<String, ? extends Collection<String>> grudge) {
        throw new UnsupportedOperationException("partitions are made only on a built topology");
    }

    /**
     * Drops the packets {@code from} sends to {@code to}; the other direction passes (an asymmetric partition, where
     * requests arrive and answers are lost, or the other way round).
     *
     * @throws IllegalArgumentException for an unknown namespace, {@code "host"}, or the same namespace twice
     */
    Partition partitionOneWay(String from, String to);

    /**
     * A DNS fault of the topology's name server, mid-test, in every namespace: e.g.
     * {@code try (DnsRule r = topology.dns().name("db").answer(DnsAnswer.SERVFAIL).apply()) { ... }}. The server
     * answers the topology's host names to every resolver in its namespaces (see README "Host names"); the fault
     * ends when the rule is closed or the test ends.
     *
     * @throws IllegalStateException when the topology declares no host names
     */
    DnsFaultBuilder dns();
}
