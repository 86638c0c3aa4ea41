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
                List<Link> links = route.links();
                Map<Integer, String> names = new HashMap<>();
                links.forEach(l -> names.put(l.index(), l.name()));
                // one datagram: the addresses first (IPv6 ones would go with a link taken down before them), then
                // the links; the kernel answers each request on its own
                RouteChanges off = route.changes();
                boolean any = false;
                for (Address a : route.addresses()) {
                    off.deleteAddress(a.index(), names.getOrDefault(a.index(), "?"), a.prefix());
                    any = true;
                }
                for (Link link : links) {
                    if (link.isUp()) {
                        off.linkDown(link.index(), link.name());
                        any = true;
                    }
                }
                RuntimeException partly = null;
                if (any) {
                    try {
                        off.execute();
                    } catch (RuntimeException e) {
                        // a secondary IPv4 address goes with its primary (EADDRNOTAVAIL): what is left is checked
                        partly = e;
                    }
                }
                List<Address> left = route.addresses();
                if (!left.isEmpty()) {
                    throw new IllegalStateException("addresses left: " + left, partly);
                }
                if (partly != null) {
                    List<String> up = route.links().stream().filter(Link::isUp).map(Link::name).toList();
                    if (!up.isEmpty()) {
                        throw new IllegalStateException("links left up: " + up, partly);
                    }
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
