package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.diag.TcpSocketInfo;
import java.util.List;
import java.util.Optional;

/**
 * Internal: the last dump of the JVM namespace's TCP sockets ({@link WrongServerCheck}), with that namespace's TCP
 * counters ({@link TcpCounters}) read just before it. While the counters stay the same, no segment went in or out
 * and no connection opened there, so the dump still says what a new one would about every connection that matters
 * (states, byte counters; a connection that only timed out of TIME_WAIT since is one the check leaves alone anyway),
 * and the next test reuses it instead of walking the kernel's socket hash again (about 2 ms on this machine). One per
 * test run (the extension keeps it in JUnit's root store); safe for tests running in parallel.
 */
public final class JvmTcpSnapshots {
    private record Snapshot(String counters, List<TcpSocketInfo> sockets) {
    }

    private volatile Snapshot last;

    /** An empty one: the first check dumps. */
    public JvmTcpSnapshots() {
    }

    /** The last dump, if the counters read before it equal {@code counters} (never when either is unknown). */
    Optional<List<TcpSocketInfo>> unchangedSince(String counters) {
        Snapshot s = last;
        return s != null && counters != null && counters.equals(s.counters()) ? Optional.of(s.sockets())
                : Optional.empty();
    }

    /** Keeps {@code sockets}, dumped after {@code counters} were read. */
    void remember(String counters, List<TcpSocketInfo> sockets) {
        last = counters == null ? null : new Snapshot(counters, List.copyOf(sockets));
    }
}
