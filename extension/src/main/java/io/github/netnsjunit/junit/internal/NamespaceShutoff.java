package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.ns.Sysctls;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.RoutingRule;
import io.github.netnsjunit.netlink.route.Rtnl;
import io.github.netnsjunit.netlink.route.UnreachableRule;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: makes a finished test's namespaces unreachable before their handles close. Closing our handles ends a
 * namespace only when nothing else holds it, and a thread a client library started there (OkHttp's, Netty's, a
 * {@code Timer}) does, as does a half-closed socket: such a thread, used by a later test, would connect from the
 * dead topology, and reach its old server ("Connection refused", or a wrong answer).
 *
 * <p>How, per namespace, in one request batch: the kernel's first routing rule ({@code 0: from all lookup local})
 * is deleted and a rule that fails every lookup takes its place ({@code ip rule add priority 0 unreachable}), for
 * IPv4 and IPv6. Every route lookup then ends there before any table is consulted: a connect or send from a thread
 * left behind fails at once with {@code ENETUNREACH} ("Network is unreachable"), loopback included (its routes are
 * in the local table, which no rule looks up any more), and a packet that still arrives is dropped by its input
 * lookup (an ARP request for one of the addresses gets no answer: {@code arp_process} replies only when the input
 * route is local; checked by hand with {@code ip}: a peer's ping fails and its neighbour entry stays INCOMPLETE).
 * Adding or deleting a rule flushes the route cache ({@code fib_rules} → {@code flush_route_cache}), so a connected
 * socket's cached route goes too. Checked by {@code ThreadsLeftBehindIT}.
 *
 * <p>Why rules and not what this did before (delete every IPv4 address, write {@code disable_ipv6=1} from a thread
 * switched into the namespace): that needed an address dump, a delete batch and two setns(2) calls per namespace,
 * 0.4 ms of the 2.6 ms of topology (a)'s setup + teardown (TopologyBenchmark, same run); this is one datagram, with
 * no dump and no setns. Taking the links down, as an earlier version did, costs one
 * {@code synchronize_rcu_expedited()} per link ({@code dev_deactivate_many}). The older way stays as the fallback
 * when the batch fails (a test that deleted or changed rule 0 itself, a kernel without policy routing).
 */
final class NamespaceShutoff {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final String DISABLE_IPV6 = "net.ipv6.conf.all.disable_ipv6";

    private NamespaceShutoff() {
    }

    /**
     * Makes each namespace we created unreachable from inside and from outside; throws the failures, one per
     * namespace, together.
     */
    static void takeDown(List<NamespaceHandle> handles) {
        List<Exception> failures = new ArrayList<>();
        for (NamespaceHandle ns : handles) {
            if (!ns.isOwned()) {
                continue; // the JVM's own ("host"): its links are undone one by one, never shut off
            }
            try {
                RouteClient route = RouteClient.of(ns);
                try {
                    unreachableRules(route).execute();
                } catch (RuntimeException rulesFailed) {
                    removeAddresses(ns, route, rulesFailed);
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

    /** Rule 0 of each family replaced by one that fails every lookup. */
    private static RouteChanges unreachableRules(RouteClient route) {
        RouteChanges rules = route.changes();
        for (int family : Ipv6.PRESENT ? new int[] {AF_INET, AF_INET6} : new int[] {AF_INET}) {
            rules.deleteRule(new RoutingRule(family, null, null, null, null, null, null, 0, Rtnl.RT_TABLE_LOCAL));
            rules.addRule(new UnreachableRule(family, 0));
        }
        return rules;
    }

    /**
     * The fallback: every IPv4 address deleted (which removes every IPv4 route through the links, {@code
     * fib_disable_ip} once a link's last address is gone, the local routes of {@code 127.0.0.1} included) and IPv6
     * disabled ({@code addrconf_ifdown} removes every IPv6 address and route of every link): IPv4 connects then fail
     * with {@code ENETUNREACH}, IPv6 ones with {@code EADDRNOTAVAIL}.
     */
    private static void removeAddresses(NamespaceHandle ns, RouteClient route, RuntimeException rulesFailed) {
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
        if (Ipv6.PRESENT) {
            ns.inside("disabling IPv6", () -> {
                Sysctls.write(DISABLE_IPV6, "1");
                return Boolean.TRUE;
            }, done -> { });
        }
        if (partly != null) {
            List<Address> left = route.addresses();
            if (!left.isEmpty()) {
                IllegalStateException e = new IllegalStateException("addresses left: " + left, partly);
                e.addSuppressed(rulesFailed);
                throw e;
            }
        }
    }

    /** Whether the kernel has IPv6: a kernel-wide fact, read once, on first use. */
    private static final class Ipv6 {
        static final boolean PRESENT = Files.exists(Sysctls.path(DISABLE_IPV6));

        private Ipv6() {
        }
    }
}
