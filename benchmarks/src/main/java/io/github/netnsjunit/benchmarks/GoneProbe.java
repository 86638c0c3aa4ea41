package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.netlink.ns.NetNamespace;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.Veth;
import io.github.netnsjunit.netlink.sys.Native;
import java.util.concurrent.locks.LockSupport;

/**
 * Observes when the kernel has really destroyed a namespace: before teardown (untimed) a probe veth pair is made
 * with one end in the host and the other in the namespace; the kernel deletes the host end while it destroys the
 * namespace's devices (cleanup_net, asynchronous), so its disappearance marks the namespace as gone.
 */
final class GoneProbe implements AutoCloseable {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private final NetNamespace host = NetNamespace.host("host");
    private final RouteClient client = RouteClient.of(host);
    private final String name = "nbp" + ProcessHandle.current().pid();
    private boolean present;

    /** Creates the probe with its inner end in the namespace of {@code namespaceFd}. */
    void attach(int namespaceFd, String namespaceName) {
        client.changes().addLink(name, 0, new Veth("nbprobe", namespaceFd, namespaceName, 0, 0, null), 0, null)
                .execute();
        present = true;
    }

    /** Like {@link #attach(int, String)}, for a namespace named by a path such as /run/netns/NAME. */
    void attach(String namespacePath) {
        int fd = Native.openReadOnly(namespacePath);
        try {
            attach(fd, namespacePath);
        } finally {
            Native.close(fd);
        }
    }

    /** Waits until the probe vanished; returns nanoseconds since {@code since}, or -1 (and removes it) on timeout. */
    long awaitGone(long since) {
        if (!present) {
            return -1;
        }
        while (true) {
            if (client.link(name).isEmpty()) {
                present = false;
                return System.nanoTime() - since;
            }
            if (System.nanoTime() - since > TIMEOUT_NANOS) {
                removeIfPresent();
                return -1;
            }
            LockSupport.parkNanos(200_000); // 0.2 ms resolution; tighter polling would compete with the kernel's cleanup for the 2 cores
        }
    }

    /** Deletes the probe if it still exists (e.g. after a failed setup). */
    void removeIfPresent() {
        if (client.link(name).isPresent()) {
            client.deleteLink(name);
        }
        present = false;
    }

    @Override
    public void close() {
        try {
            removeIfPresent();
        } finally {
            host.close();
        }
    }
}
