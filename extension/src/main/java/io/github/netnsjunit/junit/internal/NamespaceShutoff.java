package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NetNamespace;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.util.List;

/**
 * Internal: makes a finished test's namespaces unreachable before their handles close, by taking every link down,
 * {@code lo} included. Closing our handles ends a namespace only when nothing else holds it, and a thread a client
 * library started there (OkHttp's, Netty's, a {@code Timer}) does, as does a half-closed socket: such a thread, used
 * by a later test, would connect from the dead topology, and reach its old server ("Connection refused", or a
 * wrong answer). With its links down the kernel has no route left there — taking a device down flushes its routes,
 * the local ones of {@code lo} too — so every connect from a thread left behind fails at once with
 * {@code ENETUNREACH} ("Network is unreachable"), loopback included.
 */
final class NamespaceShutoff {
    private NamespaceShutoff() {
    }

    /** Takes every link of each namespace we created down; the failures, one per namespace, go to {@code failures}. */
    static void takeDown(List<NetNamespace> handles, List<Exception> failures) {
        for (NetNamespace ns : handles) {
            if (!ns.isOwned()) {
                continue; // the JVM's own ("host"): its links are undone one by one, never taken down
            }
            try {
                RouteClient route = RouteClient.of(ns);
                RouteChanges down = route.changes();
                boolean any = false;
                for (Link link : route.links()) {
                    if (link.isUp()) {
                        down.linkDown(link.index(), link.name());
                        any = true;
                    }
                }
                if (any) {
                    down.execute();
                }
            } catch (RuntimeException e) {
                failures.add(new IllegalStateException("teardown step failed: take the links of netns " + ns.name()
                        + " down (so that threads left in it reach nothing): " + e.getMessage(), e));
            }
        }
    }
}
