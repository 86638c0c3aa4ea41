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

    /** A readable snapshot of every namespace: links, addresses, routes, neighbours. */
    String describe();

    /**
     * The real name of a declared link. Names are kept as declared, except in {@code "host"}: links a test creates
     * there get unique names ({@code nj<pid>-<random>}) so that tests and JVMs sharing the machine never clash.
     */
    String linkName(String namespace, String declaredLink);
}
