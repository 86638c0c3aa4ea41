package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.ns.Sysctls;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: makes a finished test's namespaces unreachable before their handles close. Closing our handles ends a
 * namespace only when nothing else holds it, and a thread a client library started there (OkHttp's, Netty's, a
 * {@code Timer}) does, as does a half-closed socket: such a thread, used by a later test, would connect from the
 * dead topology, and reach its old server ("Connection refused", or a wrong answer).
 *
 * <p>How, per namespace: every IPv4 address is deleted (one request batch), which also removes every IPv4 route
 * through the links ({@code fib_disable_ip} once a link's last address is gone, local routes of {@code 127.0.0.1}
 * included), and IPv6 is disabled ({@code net.ipv6.conf.all.disable_ipv6=1}, written from the calling thread inside
 * the namespace: {@code addrconf_ifdown} removes every IPv6 address and route of every link). With no route left,
 * every IPv4 connect from a thread left behind fails at once with {@code ENETUNREACH} ("Network is unreachable"),
 * loopback included, and every IPv6 one with {@code EADDRNOTAVAIL} (no address to connect from; the same as when
 * the links were taken down, checked by {@code ThreadsLeftBehindIT}). The links stay up: taking them down, as this did before, cost one
 * {@code synchronize_rcu_expedited()} per link ({@code dev_deactivate_many}), 0.2 ms more per teardown of topology
 * (a) at the median and 2–3 ms more at p90 on the loaded 2-core machine (TopologyBenchmark, same run). Deleting the
 * addresses matters on its own: the kernel keeps the local routes of a down link's IPv4 addresses ({@code ip route
 * show table local} still lists them after {@code ip link set lo down}, and a connect to them times out).
 */
final class NamespaceShutoff {
    private static final int AF_INET = 2;
    private static final String DISABLE_IPV6 = "net.ipv6.conf.all.disable_ipv6";

    private NamespaceShutoff() {
    }

    /**
     * Removes the addresses and routes of each namespace we created; throws the failures, one per namespace,
     * together.
     */
    static void takeDown(List<NamespaceHandle> handles) {
        List<Exception> failures = new ArrayList<>();
        for (NamespaceHandle ns : handles) {
            if (!ns.isOwned()) {
                continue; // the JVM's own ("host"): its links are undone one by one, never shut off
            }
            try {
                RouteClient route = RouteClient.of(ns);
                RouteChanges off = route.changes();
                for (Address a : route.addresses()) {
                    if (a.prefix().family() == AF_INET) {
                        off.deleteAddress(a.index(), "ifindex " + a.index(), a.prefix());
                    }
                }
                RuntimeException partly = null;
                if (off.size() > 0) {
                    try {
                        off.execute();
                    } catch (RuntimeException e) {
                        // a secondary IPv4 address goes with its primary (EADDRNOTAVAIL): what is left is checked
                        partly = e;
                    }
                }
                ns.inside("disabling IPv6", () -> {
                    if (Files.exists(Sysctls.path(DISABLE_IPV6))) { // absent in a kernel without IPv6
                        Sysctls.write(DISABLE_IPV6, "1");
                    }
                    return Boolean.TRUE;
                }, done -> { });
                if (partly != null) {
                    List<Address> left = route.addresses();
                    if (!left.isEmpty()) {
                        throw new IllegalStateException("addresses left: " + left, partly);
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
