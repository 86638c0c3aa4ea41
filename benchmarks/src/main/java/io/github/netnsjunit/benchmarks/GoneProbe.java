package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.IfInfoMsg;
import io.github.netnsjunit.netlink.route.Rtnl;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.VethLink;
import java.nio.file.Path;

/**
 * Observes when the kernel has really destroyed a namespace: before teardown (untimed) a probe veth pair is made
 * with one end in the host and the other in the namespace; the kernel deletes the host end while it destroys the
 * namespace's devices (cleanup_net, asynchronous), so its disappearance marks the namespace as gone.
 */
final class GoneProbe implements AutoCloseable {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private final NamespaceHandle host = NamespaceHandle.host();
    private final RouteClient client = RouteClient.of(host);
    private final String name = "nbp" + ProcessHandle.current().pid();
    private static final int RTNLGRP_LINK = 1;
    private boolean present;
    private int index;

    /**
     * Creates the probe with its inner end in the namespace of {@code namespaceFd}, and listens for link
     * notifications of the host from now on (its deletion is one).
     */
    void attach(int namespaceFd, String namespaceName) {
        client.changes().addLink(name, 0, new VethLink("nbprobe", namespaceFd, namespaceName, 0, 0, null), 0, null)
                .execute();
        index = client.requireLink(name).index();
        host.routeSocket().subscribe(RTNLGRP_LINK);
        present = true;
    }

    /** Like {@link #attach(int, String)}, for a namespace named by a path such as /run/netns/NAME. */
    void attach(String namespacePath) {
        try (NamespaceHandle ns = NamespaceHandle.open(Path.of(namespacePath), namespacePath)) {
            attach(ns.fd(), namespacePath);
        }
    }

    /**
     * Waits until the probe vanished; returns nanoseconds since {@code since}, or -1 (and removes it) on timeout.
     * It sleeps in poll(2) until the kernel's RTM_DELLINK for the probe arrives, so the benchmark takes no CPU from
     * the kernel's cleanup meanwhile; a lookup every 100 ms guards against a lost notification.
     */
    long awaitGone(long since) {
        if (!present) {
            return -1;
        }
        try {
            while (true) {
                for (NetlinkMessage m : host.routeSocket().awaitNotifications("probe " + name, 100)) {
                    if (m.type() == Rtnl.RTM_DELLINK && IfInfoMsg.parse(m.payload()).index() == index) {
                        present = false;
                        return System.nanoTime() - since;
                    }
                }
                if (client.link(name).isEmpty()) {
                    present = false;
                    return System.nanoTime() - since;
                }
                if (System.nanoTime() - since > TIMEOUT_NANOS) {
                    removeIfPresent();
                    return -1;
                }
            }
        } finally {
            host.routeSocket().unsubscribe(RTNLGRP_LINK);
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
