package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netnsjunit.netlink.testing.Tcpdump;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.NoopDnsCache;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The topology's DNS server: real resolvers — {@code dig}, glibc's {@code getaddrinfo} (the JDK's built-in resolver),
 * Netty's {@code DnsNameResolver} with its platform-default name servers — get the topology's names inside its
 * namespaces, other names are REFUSED at once, and no DNS packet leaves the namespace ({@code tcpdump} on its only
 * link, which carries a default route towards the real name server's address). DNS faults are checked by the same
 * resolvers.
 */
@NetNamespace(value = "db", hostnames = "db")
@NetNamespace("client")
@VethPair(name = "c0", namespace = "client", address = {"10.46.0.1/24", "fd46::1/64"}, peer = "d0",
        peerNamespace = "db", peerAddress = {"10.46.0.2/24", "fd46::2/64"})
@Route(namespace = "client", via = "10.46.0.2")
@HostEntry(name = "api.example.com", address = "10.46.0.2")
class DnsServerIT {

    @Test
    void digGetsTheNamesFromTheServerInEachNamespace(@Ns("client") NetNs client, @Ns("db") NetNs db) throws Exception {
        assumeDig();
        assertThat(run(client, "dig", "+short", "db", "A").out()).isEqualTo("10.46.0.2\n");
        assertThat(run(client, "dig", "+short", "DB", "AAAA").out()).isEqualTo("fd46::2\n");
        assertThat(run(client, "dig", "+short", "+tcp", "api.example.com").out()).isEqualTo("10.46.0.2\n");
        assertThat(run(client, "dig", "+short", "-x", "10.46.0.2").out()).isEqualTo("db.\n");
        assertThat(run(db, "dig", "+short", "db").out()).isEqualTo("10.46.0.2\n");
        Result full = run(client, "dig", "db");
        assertThat(full.out()).contains("status: NOERROR").containsPattern("flags: qr aa");
        // a name of ours with a search domain appended: NXDOMAIN, so that resolvers go on to the next candidate
        assertThat(run(client, "dig", "db.corp.example").out()).contains("status: NXDOMAIN");
        // anything else: REFUSED at once, never forwarded
        long started = System.nanoTime();
        assertThat(run(client, "dig", "example.org").out()).contains("status: REFUSED");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void theJdkResolverOnANamespaceThreadAndNettyOnItsEventLoopResolveTheNames(@Ns("client") NetNs client)
            throws Exception {
        assertThat(client.call(() -> Arrays.asList(InetAddress.getAllByName("db"))))
                .contains(InetAddress.getByName("10.46.0.2"));
        // a real name the topology does not declare fails fast inside it (REFUSED), instead of leaving it
        long started = System.nanoTime();
        assertThat(client.call(() -> {
            try {
                return InetAddress.getByName("example.org").toString();
            } catch (UnknownHostException e) {
                return "unknown";
            }
        })).isEqualTo("unknown");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(client.call(() -> nettyResolve("db"))).containsExactly("10.46.0.2");
        assertThat(client.call(() -> nettyResolve("api.example.com"))).containsExactly("10.46.0.2");
    }

    @Test
    void noDnsPacketLeavesTheNamespace(@Ns("client") NetNs client, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assumeTrue(onPath("tcpdump"), "tcpdump is not installed (package tcpdump): no capture oracle");
        Path link = dir.resolve("c0.pcap");
        Path loopback = dir.resolve("lo.pcap");
        try (Tcpdump onLink = Tcpdump.start(client.path(), "c0", link, List.of("port", "53"));
                Tcpdump onLoopback = Tcpdump.start(client.path(), "lo", loopback, List.of("port", "53"))) {
            client.call(() -> Arrays.asList(InetAddress.getAllByName("db")));
            client.call(() -> {
                try {
                    return InetAddress.getByName("example.org");
                } catch (UnknownHostException expected) {
                    return null;
                }
            });
            client.call(() -> nettyResolve("db"));
            if (onPath("dig")) {
                run(client, "dig", "+short", "db");
                run(client, "dig", "example.org");
            }
            Thread.sleep(300); // let the capture write the last packets
        }
        assertThat(Tcpdump.read(link)).as("DNS packets on c0, the namespace's only link (default route)").isEmpty();
        assertThat(Tcpdump.read(loopback)).as("DNS packets on lo: the queries were made, and answered there")
                .anyMatch(l -> l.contains(".53 >") || l.contains(".domain >"));
    }

    @Test
    void faultsAreSeenByRealResolvers(Topology topology, @Ns("client") NetNs client, @Ns("db") NetNs db)
            throws Exception {
        try (DnsRule nx = topology.dns().name("db").answer(DnsAnswer.NXDOMAIN).apply()) {
            assertThat(nx.toString()).isEqualTo("dns db: NXDOMAIN in every namespace");
            // the JDK resolver: glibc asking our server on Java 17, netns-junit's resolver provider on 18+
            assertThatThrownBy(() -> client.call(() -> InetAddress.getByName("db")))
                    .isInstanceOf(UnknownHostException.class);
            assertThatThrownBy(() -> client.call(() -> nettyResolve("db"))).hasCauseInstanceOf(UnknownHostException.class)
                    .rootCause().hasMessageContaining("NXDOMAIN");
            if (onPath("dig")) {
                assertThat(run(client, "dig", "db").out()).contains("status: NXDOMAIN");
                // other names keep their answers
                assertThat(run(client, "dig", "+short", "api.example.com").out()).isEqualTo("10.46.0.2\n");
            }
        }
        assertThat(client.call(() -> nettyResolve("db"))).containsExactly("10.46.0.2");
        assumeDig();
        DnsRule closed;
        try (DnsRule fail = client.dns().name("db").answer(DnsAnswer.SERVFAIL).apply()) {
            closed = fail;
            assertThat(fail.isActive()).isTrue();
            assertThat(run(client, "dig", "db").out()).contains("status: SERVFAIL");
            assertThatThrownBy(() -> client.call(() -> InetAddress.getByName("db")))
                    .isInstanceOf(UnknownHostException.class);
            assertThat(db.call(() -> InetAddress.getByName("db").getHostAddress())).isEqualTo("10.46.0.2");
            assertThat(run(db, "dig", "+short", "db").out()).as("another namespace").isEqualTo("10.46.0.2\n");
        }
        assertThat(closed.isActive()).isFalse();
        try (DnsRule silent = topology.dns().answer(DnsAnswer.TIMEOUT).apply()) {
            assertThat(silent.toString()).isEqualTo("dns every name: TIMEOUT in every namespace");
            Result r = run(client, "dig", "+time=1", "+tries=1", "db");
            assertThat(r.out()).contains("timed out");
            assertThat(r.exit()).isEqualTo(9);
        }
        try (DnsRule slow = topology.dns().name("db").delay(Duration.ofMillis(400)).apply()) {
            assertThat(slow.toString()).isEqualTo("dns db: RECORDS after 400 ms in every namespace");
            String out = run(client, "dig", "db").out();
            assertThat(out).contains("status: NOERROR").contains("10.46.0.2");
            int millis = Integer.parseInt(out.replaceAll("(?s).*Query time: (\\d+) msec.*", "$1"));
            assertThat(millis).as("dig truncates to whole ms").isBetween(398, 3000);
            long started = System.nanoTime();
            assertThat(client.call(() -> InetAddress.getByName("db").getHostAddress())).isEqualTo("10.46.0.2");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
        assertThat(run(client, "dig", "+short", "db").out()).isEqualTo("10.46.0.2\n");
    }

    @Test
    void badFaultsAreRefusedBeforeAnythingChanges(Topology topology) {
        assertThatThrownBy(() -> topology.dns().name("nope")).hasMessage("Topology.dns().name(\"nope\"): not a host"
                + " name of this topology, so its DNS server never answers it (other names are REFUSED). The"
                + " topology's names are: db, api.example.com. Use one of them, or leave name() out to fault every"
                + " name.");
        assertThatThrownBy(() -> topology.dns().delay(Duration.ofMillis(-1))).hasMessageContaining("between 0 and 60 s");
    }

    @Test
    @DnsFault(name = "db", answer = DnsAnswer.NXDOMAIN)
    @DnsFault(name = "api.example.com", answer = DnsAnswer.SERVFAIL, namespace = "client")
    void declaredFaultsHoldForTheWholeTest(@Ns("client") NetNs client, @Ns("db") NetNs db) throws Exception {
        assertThatThrownBy(() -> client.call(() -> InetAddress.getByName("db"))).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> client.call(() -> nettyResolve("db"))).hasCauseInstanceOf(UnknownHostException.class);
        assertThat(db.call(() -> nettyResolve("api.example.com"))).as("another namespace").containsExactly("10.46.0.2");
        if (onPath("dig")) {
            assertThat(run(client, "dig", "db").out()).contains("status: NXDOMAIN");
            assertThat(run(client, "dig", "api.example.com").out()).contains("status: SERVFAIL");
            assertThat(run(db, "dig", "+short", "api.example.com").out()).isEqualTo("10.46.0.2\n");
        }
    }

    static final java.util.concurrent.atomic.AtomicInteger BODIES = new java.util.concurrent.atomic.AtomicInteger();

    @KitFixture
    @NetNamespace(value = "db", hostnames = "db")
    @VethPair(name = "d0", namespace = "db", address = "10.50.0.1/24", peer = "d1", peerNamespace = "db",
            peerAddress = "10.50.0.2/24")
    @DnsFault(name = "dbb", answer = DnsAnswer.SERVFAIL, delayMillis = -5, namespace = "nope")
    static class BadDeclaredFaultTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @Test
    void badDeclaredFaultsFailBeforeAnythingIsBuilt() {
        BODIES.set(0);
        Throwable failure = Kit.run(BadDeclaredFaultTestCase.class).allEvents().failed().stream().findFirst()
                .orElseThrow().getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure).isInstanceOf(TopologyDeclarationException.class);
        String where = "@DnsFault(name = \"dbb\", answer = SERVFAIL) on class " + BadDeclaredFaultTestCase.class.getName()
                + ": ";
        assertThat(((TopologyDeclarationException) failure).problems()).containsExactly(
                where + "attribute 'name' names \"dbb\", which is not a host name of the topology; its names are: db."
                        + " Use one of them, or leave 'name' out to fault every name.",
                where + "attribute 'delayMillis' is -5; a delay per answer must be between 0 and 60000 (for no answer"
                        + " at all use answer = TIMEOUT).",
                where + "attribute 'namespace' names \"nope\", which is not declared; the topology's namespaces are:"
                        + " db.");
        assertThat(BODIES).hasValue(0);
    }

    /** Netty's resolver with its defaults (the JVM's resolv.conf name servers), on an event loop started here. */
    static List<String> nettyResolve(String name) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            DnsNameResolver resolver = new DnsNameResolverBuilder(group.next())
                    .datagramChannelType(NioDatagramChannel.class).resolveCache(NoopDnsCache.INSTANCE)
                    .queryTimeoutMillis(2000).build();
            try {
                return resolver.resolveAll(name).get(5, TimeUnit.SECONDS).stream()
                        .map(InetAddress::getHostAddress).filter(a -> !a.contains(":")).toList();
            } finally {
                resolver.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            group.terminationFuture().sync();
            // the resolver's channel close runs a task on Netty's GlobalEventExecutor, whose thread (started here,
            // so inside the namespace) ends 1 s after its last task
            io.netty.util.concurrent.GlobalEventExecutor.INSTANCE.awaitInactivity(5, TimeUnit.SECONDS);
        }
    }

    record Result(int exit, String out) {
    }

    static Result run(NetNs ns, String... command) throws Exception {
        Process p = ns.start(new ProcessBuilder(command).redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    static void assumeDig() {
        assumeTrue(onPath("dig"), "dig is not installed (package dnsutils / bind9-dnsutils): dig checks skipped");
    }

    static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }
}
