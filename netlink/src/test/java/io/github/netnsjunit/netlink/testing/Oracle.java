package io.github.netnsjunit.netlink.testing;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.Set;

/**
 * Independent oracles for tests: iproute2 / nftables commands run inside a namespace through
 * {@code nsenter --net=PATH}, never through the code under test. The programs are started by {@link Processes}
 * (forked in the JVM's namespace, both streams drained); the returned text is their standard output only.
 */
public final class Oracle {
    private Oracle() {
    }

    /** Runs a command inside the namespace and returns its stdout; fails on a non-zero exit. */
    public static String run(NamespaceHandle ns, String... command) {
        return Processes.runIn(ns.path(), command);
    }

    /** Runs a command in the JVM's own namespace and returns its stdout; fails on a non-zero exit. */
    public static String runOnHost(String... command) {
        return Processes.run(command);
    }

    /**
     * The inodes of every network namespace some task or fd of this JVM still holds (read from /proc), a
     * stand-in for {@code lsns -t net} restricted to this process.
     */
    public static Set<String> liveNetNamespaceInodes() {
        return Kernel.jvmNamespaces();
    }
}
