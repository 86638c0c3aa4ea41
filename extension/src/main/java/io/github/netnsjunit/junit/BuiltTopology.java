package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;

/**
 * A topology built in the kernel by {@link TopologyPlan#build()}, outside any JUnit test: the same view a test gets
 * as a {@link Topology} parameter, plus the netlink handles of its namespaces, and {@link #close()} to remove all
 * of it. Use it in try-with-resources:
 * <pre>{@code
 * try (BuiltTopology t = plan.build()) {
 *     PingResult r = t.namespace("ns0").ping("172.18.0.3");
 * }
 * }</pre>
 * Thread-safe.
 */
public interface BuiltTopology extends Topology, AutoCloseable {

    /**
     * The netlink library's handle of a namespace, for work the {@link NetNs} view does not offer (its own
     * rtnetlink or nftables requests, {@link NamespaceHandle#call} on its pinned thread). It stays owned by this
     * topology: do not close it.
     *
     * @throws IllegalArgumentException naming the namespaces of the topology when there is none of that name
     */
    NamespaceHandle handle(String name);

    /**
     * Removes everything the build made: stops processes started in the namespaces, ends their pinned threads and
     * closes the namespaces (the kernel destroys a namespace asynchronously once its last reference is gone). Every
     * step runs even if an earlier one failed. Calling it again does nothing.
     *
     * @throws TeardownException with every failure, also when a thread started inside a namespace outlived it
     */
    @Override
    void close();
}
