package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.ns.JvmNamespace;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.ns.Sysctls;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Internal (public for the benchmarks): what a private {@code "host"} namespace (a sealed JVM's, or {@code netns.junit.jvmNamespace=private})
 * holds before the first topology re-wires it, compared after each topology that named it is torn down. Client
 * library threads live in that namespace for the whole run, so anything a test leaves there — a link, an address, a
 * route, a neighbour entry, an nft table, a forwarding sysctl — would change the network of every later test. Each
 * difference fails the teardown, named. Not taken where {@code "host"} is the machine's namespace: other software
 * changes it at any time, and only our own changes are ours to check (they are undone one by one).
 *
 * @param state one line per item ({@code link lo up}, {@code address lo 127.0.0.1/8}, ...), sorted
 */
public record HostBaseline(Set<String> state) {
    /** {@code lo}: ifindex 1 in every network namespace (LOOPBACK_IFINDEX). */
    private static final int LOOPBACK_INDEX = 1;
    /** The forwarding sysctls a topology may change in "host". */
    private static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding");

    /** The variable the sealed launcher sets ({@code SealedJvmListener.ENV}; that class is of the JUnit glue). */
    private static final String SEALED_ENV = "NETNS_JUNIT_SEALED";

    /**
     * Whether {@code "host"} is a namespace private to this JVM: {@code netns.junit.jvmNamespace=private}, or a
     * sealed JVM. Only then is there a baseline, and only then may a topology put things of its own there for its
     * lifetime (its DNS server's addresses).
     */
    public static boolean applies() {
        return JvmNamespace.isPrivate() || System.getenv(SEALED_ENV) != null;
    }

    /** The state of the JVM's namespace now. */
    public static HostBaseline take() {
        Set<String> state = new TreeSet<>();
        try (NamespaceHandle host = NamespaceHandle.host()) {
            RouteClient route = RouteClient.of(host);
            Map<Integer, String> names = new HashMap<>();
            for (Link l : route.links()) {
                names.put(l.index(), l.name());
                state.add("link " + l.name() + (l.isUp() ? " up" : " down"));
            }
            for (Address a : route.addresses()) {
                state.add("address " + names.getOrDefault(a.index(), "#" + a.index()) + " " + a.prefix());
            }
            route.routes().forEach(r -> state.add("route " + r.destination() + (r.gateway() == null ? ""
                    : " via " + r.gateway().getHostAddress()) + " dev " + names.getOrDefault(r.outIndex(),
                    "#" + r.outIndex())));
            // not lo's: the first IPv4 packet sent over lo (a client's query to the DNS server there, a connect to
            // 127.0.0.1) makes the kernel add a NOARP entry keyed 0.0.0.0 on it (ipv4_neigh_lookup uses INADDR_ANY
            // as the key on IFF_LOOPBACK devices); traffic makes it, no test does, and no later packet depends on it
            route.neighbours().stream().filter(n -> n.index() != LOOPBACK_INDEX).forEach(n -> state.add("neighbour "
                    + n.address().getHostAddress() + " dev " + names.getOrDefault(n.index(), "#" + n.index())));
            new Nftables(host).tables().forEach(t -> state.add("nft table " + t.family() + " " + t.name()));
        }
        for (String key : SYSCTLS) {
            try {
                state.add("sysctl " + key + " = " + JvmNamespace.call(() -> Sysctls.read(key)));
            } catch (Throwable t) {
                state.add("sysctl " + key + " unreadable");
            }
        }
        return new HostBaseline(Set.copyOf(new TreeSet<>(state)));
    }

    /**
     * What differs now from this baseline, one line per item, {@code "left: ..."} or {@code "gone: ..."}; empty
     * when the namespace is as it was.
     */
    public List<String> differences(HostBaseline now) {
        List<String> out = new ArrayList<>();
        new TreeSet<>(now.state).stream().filter(s -> !state.contains(s)).forEach(s -> out.add("left: " + s));
        new TreeSet<>(state).stream().filter(s -> !now.state.contains(s)).forEach(s -> out.add("gone: " + s));
        return out;
    }
}
