package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.FdbEntry;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.Neighbour;
import io.github.netnsjunit.netlink.route.Route;
import java.time.Duration;
import java.util.List;

/**
 * One network namespace of a test's topology, injected as a test parameter ({@code @Ns("ns1") NetNs ns1}, or
 * without {@code @Ns} the namespace the test runs in). Everything here acts inside that namespace, whichever
 * thread calls it: queries go through the namespace's netlink socket, and code runs on its pinned thread.
 *
 * <pre>{@code
 * @Test
 * void pings(@Ns("ns1") NetNs ns1) {
 *     assertThat(ns1.ping("172.18.0.2").received()).isEqualTo(3);
 * }
 * }</pre>
 */
public interface NetNs {
    /** Code run inside the namespace that returns a value and may throw. */
    @FunctionalInterface
    interface Callable<T> {
        /** Runs inside the namespace. */
        T call() throws Exception;
    }

    /** Code run inside the namespace that may throw. */
    @FunctionalInterface
    interface Runnable {
        /** Runs inside the namespace. */
        void run() throws Exception;
    }

    /** The namespace's name as declared, e.g. {@code ns1}, or {@code host}. */
    String name();

    /**
     * Runs code on this namespace's pinned platform thread and waits for it; what it throws is rethrown unchanged.
     * Sockets, servers and child processes made there live in this namespace.
     */
    <T> T call(Callable<T> code) throws Exception;

    /** Like {@link #call(Callable)} without a result. */
    void run(Runnable code) throws Exception;

    /**
     * Starts an external process inside this namespace (like {@code ip netns exec NS cmd}), through {@code nsenter}
     * from util-linux. It is destroyed at teardown if still running. The builder's command is left as it was.
     */
    Process start(ProcessBuilder process);

    /** Three ICMP echo requests to {@code address} with a one-second timeout each ({@code ping -c 3 -W 1}). */
    PingResult ping(String address);

    /** {@code count} ICMP echo requests, each waiting up to {@code timeout} for its reply. */
    PingResult ping(String address, int count, Duration timeout);

    /** Like {@link #ping(String, int, Duration)}, sent out of one interface ({@code ping -I IFNAME}). */
    PingResult ping(String address, int count, Duration timeout, String sourceInterface);

    /** True if a TCP connection to {@code address:port} is accepted within {@code timeout}. */
    boolean canConnect(String address, int port, Duration timeout);

    /**
     * The main-table route the kernel would pick towards {@code address} (the most specific one covering it), in
     * {@code ip route} words with link names, e.g. {@code 172.18.0.0/24 dev veth1 proto kernel scope link src
     * 172.18.0.3}; empty when no route covers it.
     */
    java.util.Optional<String> routeTo(String address);

    /** Every link, as {@code ip link} lists them. */
    List<Link> links();

    /** Every address of every link, as {@code ip addr}. */
    List<Address> addresses();

    /** The main routing table, IPv4 and IPv6, as {@code ip route; ip -6 route}. */
    List<Route> routes();

    /** The ARP and NDP caches, as {@code ip neigh}. */
    List<Neighbour> neighbours();

    /** The forwarding database of a bridge, as {@code bridge fdb show br BRIDGE}. */
    List<FdbEntry> fdb(String bridge);

    /** Reads a sysctl of this namespace, e.g. {@code net.ipv4.ip_forward}. */
    String sysctl(String key);

    /** Writes a sysctl of this namespace (restored at teardown when this is the host namespace). */
    void sysctl(String key, String value);

    /** Takes a link down mid-test ({@code ip link set NAME down}), e.g. to inject a fault. */
    void linkDown(String name);

    /** Brings a link up again and waits until it carries traffic. */
    void linkUp(String name);

    /** A path for {@code nsenter --net=PATH} while the test runs. */
    String path();

    /**
     * A readable snapshot of this namespace read from the kernel: links, addresses, routes, neighbours, bridge
     * forwarding databases and nftables rules, much as {@code ip}, {@code bridge} and {@code nft} print them.
     */
    String describe();

    /**
     * Sends an ICMP echo to {@code address} again while capturing on every link of the topology's namespaces and
     * asking nftables which rule decided each packet, and says where it went, where it was lost, why, and the fix
     * ({@link PathTrace#toString()}). Nothing stays behind: capture sockets and trace rules end with the call. Up to
     * three echoes, 200 ms apart, each given a second; returns at the first reply.
     */
    PathTrace trace(String address);

    /** Like {@link #trace(String)} for a TCP connection to {@code address:port} (one attempt, a second). */
    PathTrace trace(String address, int port);
}
