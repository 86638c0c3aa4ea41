package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: makes a finished test's namespaces unreachable before their handles close, by taking every link down,
 * {@code lo} included. Closing our handles ends a namespace only when nothing else holds it, and a thread a client
 * library started there (OkHttp's, Netty's, a {@code Timer}) does, as does a half-closed socket: such a thread, used
 * by a later test, would connect from the dead topology, and reach its old server ("Connection refused", or a
 * wrong answer). Taking the links down is not enough: the kernel keeps the local routes of a down device's IPv4
 * addresses ({@code ip route show table local} still lists {@code 127.0.0.1} and the veth's own address after
 * {@code ip link set lo down}; a connect to them then times out, checked on Linux 6.x), so the addresses go as well.
 * With no link up and no address left there is no route at all, and every connect from a thread left behind fails
 * at once with {@code ENETUNREACH} ("Network is unreachable"), loopback included.
 */
final class NamespaceShutoff {
    private NamespaceShutoff() {
    }

    /**
     * Takes every link of each namespace we created down and removes its addresses; throws the failures, one per
     * namespace, together.
     */
    static void takeDown(List<NamespaceHandle> handles) {
        List<Exception> failures = new ArrayList<>();
        for (NamespaceHandle ns : handles) {
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
                Map<Integer, String> names = new HashMap<>();
                route.links().forEach(l -> names.put(l.index(), l.name()));
                for (Address a : route.addresses()) {
                    try {
                        route.changes().deleteAddress(a.index(), names.getOrDefault(a.index(), "?"), a.prefix())
                                .execute();
                    } catch (RuntimeException gone) {
                        // a secondary IPv4 address goes with its primary (EADDRNOTAVAIL): what is left is checked below
                    }
                }
                List<Address> left = route.addresses();
                if (!left.isEmpty()) {
                    throw new IllegalStateException("addresses left: " + left);
                }
            } catch (RuntimeException e) {
                failures.add(new IllegalStateException("netns " + ns.name() + ": " + e.getMessage(), e));
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException all = new IllegalStateException(failures.size() == 1 ? failures.get(0).getMessage()
                    : failures.toString(), failures.get(0));
            failures.stream().skip(1).forEach(all::addSuppressed);
            throw all;
        }
    }
}
