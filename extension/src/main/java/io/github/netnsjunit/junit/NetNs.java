package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.FdbEntry;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.Neighbour;
import io.github.netnsjunit.netlink.route.RouteEntry;
import io.github.netnsjunit.netlink.route.TunTapDevice;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
     * from util-linux. It is destroyed at teardown if still running. The builder's command is left as it was. When the
     * topology declares host names, the process sees them in an {@code /etc/hosts} of its own (a private mount
     * namespace, as {@code ip netns exec} gives {@code /etc/netns/NAME/hosts}); the host's file is never changed.
     */
    Process start(ProcessBuilder process);

    /**
     * Three ICMP echo requests to {@code address} with a one-second timeout each ({@code ping -c 3 -W 1}). Here and in
     * {@code canConnect}, {@code trace}, {@code routeTo} and the assertions, {@code address} is an IP literal or a
     * host name of this topology ({@code "db"}: its first IPv4 address, else its first), answered from the topology's
     * own names, never from DNS.
     */
    PingResult ping(String address);

    /** {@code count} ICMP echo requests, each waiting up to {@code timeout} for its reply. */
    PingResult ping(String address, int count, Duration timeout);

    /** Like {@link #ping(String, int, Duration)}, sent out of one interface ({@code ping -I IFNAME}). */
    PingResult ping(String address, int count, Duration timeout, String sourceInterface);

    /** True if a TCP connection to {@code address:port} is accepted within {@code timeout}. */
    boolean canConnect(String address, int port, Duration timeout);

    /**
     * The route the kernel picks towards {@code address}, asked of the kernel as {@code ip route get fibmatch} does
     * (through its rules and tables), in {@code ip route} words with link names, e.g. {@code 172.18.0.0/24 dev veth1
     * proto kernel scope link src 172.18.0.3}; empty when it has no way out (no route covers it, or an unreachable,
     * prohibit or blackhole route does).
     */
    Optional<String> routeTo(String address);

    /** Every link, as {@code ip link} lists them. */
    List<Link> links();

    /** Every address of every link, as {@code ip addr}. */
    List<Address> addresses();

    /** The main routing table, IPv4 and IPv6, as {@code ip route; ip -6 route}. */
    List<RouteEntry> routes();

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

    /**
     * Creates a tap link {@code name} in this namespace with these addresses (CIDR, e.g. {@code "10.50.0.1/24"}),
     * brings it up and hands over its other side: the Ethernet frames the kernel sends out of the link are read
     * from the returned device, and frames written to it arrive on the link. A userspace network stack in a test:
     * <pre>{@code
     * try (TunTapDevice tap = ns.openTap("tap0", "10.50.0.1/24")) {
     *     byte[] frame = tap.read(Duration.ofSeconds(1)).orElseThrow(); // e.g. the ARP request of a ping
     *     tap.write(answer(frame));
     * }
     * }</pre>
     * The link lives as long as the device is open; it is closed at the end of the test at the latest.
     *
     * @throws IllegalArgumentException for a bad name or address, before anything is created
     */
    default TunTapDevice openTap(String name, String... addresses) {
        throw new UnsupportedOperationException("tap links are made only in namespaces of a built topology");
    }

    /**
     * Like {@link #openTap}, for a tun link: the device carries IP packets (no Ethernet header, no ARP).
     *
     * @throws IllegalArgumentException for a bad name or address, before anything is created
     */
    default TunTapDevice openTun(String name, String... addresses) {
        throw new UnsupportedOperationException("tun links are made only in namespaces of a built topology");
    }

    /**
     * The host names declared for this namespace ({@code @NetNamespace(hostnames = ...)}), as declared; empty when
     * none. They resolve to its addresses while the topology lives, in this JVM (Java 18+) and in processes started
     * with {@link #start(ProcessBuilder)}.
     */
    default List<String> hostnames() {
        return List.of();
    }

    /** A path for {@code nsenter --net=PATH} while the test runs. */
    String path();

    /**
     * A readable snapshot of this namespace read from the kernel: links, addresses, routes, neighbours, bridge
     * forwarding databases and nftables rules, much as {@code ip}, {@code bridge} and {@code nft} print them.
     */
    String describe();

    /**
     * Starts new conditions for packets leaving {@code link} of this namespace; {@link ConditionsBuilder#apply()}
     * replaces what the link had (like {@code tc qdisc replace dev LINK root netem ...}):
     * <pre>{@code
     * ns1.conditions("veth1").delay(Duration.ofMillis(50)).loss(1).apply();
     * }</pre>
     * Under the userspace engine (and under {@code auto} on a kernel without netem, for anything but a rate) the link
     * must be declared with {@link LinkConditions} (possibly without values), so that it is built through the relay;
     * otherwise {@code apply()} fails naming the link, the engine and that fix.
     *
     * @throws IllegalArgumentException when {@code link} is not a link declared in this namespace
     */
    ConditionsBuilder conditions(String link);

    /**
     * The conditions on packets leaving {@code link} as a fault that counts what it met: {@link CountedFault#hits()}
     * are the frames the relay received from this end since its conditions were last set (links the userspace relay
     * carries), or on the kernel engine the packets their qdisc handled since then (sent, dropped or queued, from the
     * kernel's counters, as {@code tc -s qdisc show} prints them; for filtered conditions the htb class the selected
     * packets are steered to). Follows later changes.
     *
     * @throws IllegalArgumentException when {@code link} is not a link declared in this namespace
     */
    default CountedFault conditionsInForce(String link) {
        throw new UnsupportedOperationException("conditions are counted only in namespaces of a built topology");
    }

    /**
     * Removes everything the {@code conditions} calls and declarations on {@code link} set: the conditions of packets
     * leaving it, and those of its veth peer that a {@code bothWays} call on {@code link} set (even after a later
     * one-way change), unless a call on the peer itself replaced them.
     */
    void clearConditions(String link);

    /**
     * Drops what this namespace sends to {@code address} on TCP/UDP {@code port} (0 = every port, and every
     * protocol): connects time out. Ends with {@link Block#close()} or teardown.
     *
     * @throws IllegalArgumentException for a malformed address or a port outside 0..65535
     */
    Block block(String address, int port);

    /**
     * Refuses what this namespace sends to {@code address} on {@code port} (0 = every port): TCP gets a reset, other
     * protocols an ICMP port unreachable, so connects fail at once, and established TCP connections to it are reset
     * when they next send. Ends with {@link Block#close()} or teardown.
     *
     * @throws IllegalArgumentException for a malformed address or a port outside 0..65535
     */
    Block reject(String address, int port);

    /**
     * Starts a connection fault on the TCP connections (or UDP flows) between this namespace and {@code address}
     * whose server port is {@code port}, whichever side this namespace is on:
     * {@code ns.connections("10.0.0.2", 8080).resetAfterBytes(4000).apply()}. See {@link ConnectionFault.Kind}.
     *
     * @throws IllegalArgumentException for a malformed address or a port outside 1..65535
     */
    default ConnectionFaultBuilder connections(String address, int port) {
        throw new UnsupportedOperationException("connection faults are made only in namespaces of a built topology");
    }

    /**
     * Drops the ICMP "fragmentation needed" messages (destination unreachable, code 4) this namespace sends or
     * forwards, as firewalls that drop all ICMP do: on a router before a link with a smaller MTU, TCP connections
     * through it then stall after the handshake (a path MTU black hole), since their senders never learn to send
     * smaller packets. {@link #trace(String, int)} names it as the cause. Realised as an nftables table of ours
     * ({@code icmp type destination-unreachable icmp code frag-needed counter drop} in {@code output} and
     * {@code forward}), and the same for IPv6, whose routers never fragment and send ICMPv6 "packet too big"
     * instead (a table of the same name in family ip6: {@code icmpv6 type packet-too-big counter drop}); ends with
     * {@link Block#close()} or teardown.
     */
    Block dropFragmentationNeeded();

    /**
     * Sends an ICMP echo to {@code address} again while capturing on every link of the topology's namespaces and
     * asking nftables which rule decided each packet, and says where it went, where it was lost, why, and the fix
     * ({@link PathTrace#toString()}). Nothing stays behind: capture sockets and trace rules end with the call. Up to
     * three echoes, 200 ms apart, each given a second; returns at the first reply.
     */
    PathTrace trace(String address);

    /** Like {@link #trace(String)} for a TCP connection to {@code address:port} (one attempt, a second). */
    PathTrace trace(String address, int port);

    /**
     * A DNS fault of the topology's name server as seen from this namespace only: lookups from other namespaces
     * keep their answers. See {@link Topology#dns()}.
     *
     * @throws IllegalStateException when the topology declares no host names
     */
    DnsFaultBuilder dns();
}
