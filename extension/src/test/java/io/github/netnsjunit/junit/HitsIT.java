package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What faults hit (issue 20 item 3), against independent counts: {@code tcpdump} captures on the links (packets and
 * their IP or frame lengths), and {@code nft list ruleset}'s own counters. A partition's hits are the echo requests a
 * capture sees arrive at the namespace that drops them; a block's are the datagrams the socket tried to send; a
 * reject's connections are the connects it refused; relayed conditions count the frames a capture sees leave the
 * link end. {@code @FaultsMustHit} fails a test whose fault met nothing.
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "10.61.0.1/24", peer = "veth1", peerNamespace = "ns1",
        peerAddress = "10.61.0.2/24")
@LinkConditions(namespace = "ns0", link = "veth0")
class HitsIT {
    private static final Pattern IP_LENGTH = Pattern.compile("proto ICMP \\(1\\), length (\\d+)\\)");
    private static final Pattern FRAME_LENGTH = Pattern.compile(", length (\\d+): ");

    @Test
    void partitionHitsAreTheEchoRequestsACaptureSeesArrive(Topology topology, @Ns("ns0") NetNs ns0,
            @Ns("ns1") NetNs ns1, @TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("ns1.pcap");
        Partition p = topology.partition("ns0");
        assertThat(p.hits()).isEqualTo(Hits.NONE);
        Tcpdump tcpdump = Tcpdump.start(ns1.path(), "veth1", pcap, List.of("-Q", "in", "icmp"));
        assertThat(ns0.ping("10.61.0.2", 5, Duration.ofMillis(200)).received()).isZero();
        Thread.sleep(100);
        Hits hits = p.hits();
        List<String> captured = onePacketPerLine(tcpdump.settleAndStop("-v"));
        long requests = captured.stream().filter(l -> l.contains("ICMP echo request")).count();
        long ipBytes = captured.stream().map(IP_LENGTH::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertThat(requests).isEqualTo(5);
        assertThat(hits).isEqualTo(new Hits(5, ipBytes, 0));
        assertThat(p).wasHit().hitExactly(5);
        p.heal();
        assertThat(p.hits()).as("what it hit until the heal").isEqualTo(hits);
        assertThat(Kernel.nsenter(ns1.path(), "nft", "list", "ruleset")).doesNotContain("netns_junit_part");
    }

    @Test
    void blockHitsAreTheDatagramsSentAndNftCountsTheSame(@Ns("ns0") NetNs ns0) throws Exception {
        try (Block b = ns0.block("10.61.0.2", 9999)) {
            int refused = ns0.call(() -> {
                int n = 0;
                try (DatagramSocket s = new DatagramSocket()) {
                    for (int i = 0; i < 4; i++) {
                        try {
                            s.send(new DatagramPacket(new byte[100], 100, new InetSocketAddress("10.61.0.2", 9999)));
                        } catch (IOException e) {
                            n++; // EPERM: dropped on output
                        }
                    }
                }
                return n;
            });
            assertThat(refused).isEqualTo(4);
            assertThat(b.hits()).isEqualTo(new Hits(4, 4 * (20 + 8 + 100), 0));
            assertThat(Kernel.nsenter(ns0.path(), "nft", "list", "ruleset"))
                    .contains("udp dport 9999 counter packets 4 bytes 512 drop");
        }
    }

    @Test
    void rejectCountsTheConnectionsItRefused(@Ns("ns0") NetNs ns0) throws Exception {
        try (Block r = ns0.reject("10.61.0.2", 7001)) {
            assertThat(r).wasNotHit();
            for (int i = 0; i < 3; i++) {
                assertThat(ns0.canConnect("10.61.0.2", 7001, Duration.ofSeconds(1))).isFalse();
            }
            assertThat(r.hits().connections()).isEqualTo(3);
            assertThat(r.hits().packets()).isEqualTo(3);
            assertThat(r).refusedAtLeast(3);
            assertThat(Kernel.nsenter(ns0.path(), "nft", "list", "ruleset"))
                    .contains("tcp dport 7001 counter packets 3 bytes " + r.hits().bytes() + " reject with tcp reset");
        }
    }

    @Test
    void relayedConditionsCountTheFramesACaptureSeesLeaveTheLink(@Ns("ns0") NetNs ns0, @TempDir Path dir)
            throws Exception {
        // only the test's own frames: no IPv6 router solicitations or MLD reports racing the count
        ns0.sysctl("net.ipv6.conf.all.disable_ipv6", "1");
        ns0.sysctl("net.ipv6.conf.veth0.disable_ipv6", "1");
        Path pcap = dir.resolve("ns0.pcap");
        Tcpdump tcpdump = Tcpdump.start(ns0.path(), "veth0", pcap, List.of("-Q", "out"));
        ns0.conditions("veth0").delay(Duration.ofMillis(2)).apply();
        CountedFault conditions = ns0.conditionsInForce("veth0");
        assertThat(conditions).hasToString("conditions on veth0 in ns0 (packets leaving it): delay 2ms");
        assertThat(ns0.ping("10.61.0.2", 4, Duration.ofSeconds(1)).received()).isEqualTo(4);
        Thread.sleep(100);
        Hits hits = conditions.hits();
        List<String> frames = tcpdump.settleAndStop("-e");
        long bytes = frames.stream().map(FRAME_LENGTH::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertThat(frames.stream().filter(l -> l.contains("ICMP echo request")).count()).isEqualTo(4);
        assertThat(hits).isEqualTo(new Hits(frames.size(), bytes, 0));
        assertThat(conditions).hitAtLeast(4);
    }

    @Test
    void theInForcePartOfAFailureSaysWhatEachFaultHit(Topology topology, @Ns("ns0") NetNs ns0) {
        try (Partition p = topology.partition("ns1"); Block b = ns0.block("10.61.0.9", 0)) {
            // the three echoes of canPing at least (the failure's trace may send more before the message is made)
            assertThatThrownBy(() -> assertThat(ns0).canPing("10.61.0.2"))
                    .satisfies(e -> assertThat(e.getMessage()).containsPattern(
                            "; in force: .*partition \\[ns1\\] \\| \\[ns0\\] \\(hit [3-9] packets, \\d+ bytes\\)"))
                    .hasMessageContaining("ns0: drop to 10.61.0.9 (every port) (hit nothing)");
        }
    }

    @Test
    void conditionsInForceOfAnUnknownLinkIsRefused(@Ns("ns1") NetNs ns1) {
        assertThatThrownBy(() -> ns1.conditionsInForce("veth9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("conditionsInForce(\"veth9\") in netns ns1: \"veth9\" is not a link declared");
    }

    static final java.util.Map<String, String> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    @KitFixture
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.63.0.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.63.0.2/24")
    static class KernelEngineTestCase {
        @Test
        void rateOnAPlainVeth(@Ns("a") NetNs a) {
            a.conditions("va").rate(10_000_000).apply(); // a rate alone: tbf, the kernel engine, no relay
            CountedFault conditions = a.conditionsInForce("va");
            SEEN.put("before", conditions.hits().toString());
            a.ping("10.63.0.2", 3, Duration.ofSeconds(1));
            SEEN.put("after", conditions.hits().toString());
        }
    }

    @Test
    void conditionsOfTheKernelEngineCountWhatTheirQdiscHandled() {
        // they used to refuse (only the relay counted); now the tbf's own counters count (KernelConditionsHitsIT
        // checks them against tc -s and a capture)
        SEEN.clear();
        Kit.run(KernelEngineTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(SEEN.get("before")).isEqualTo("nothing");
        assertThat(SEEN.get("after")).matches("[3-9] packets, \\d+ bytes");
    }

    @KitFixture
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.62.0.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.62.0.2/24")
    @FaultsMustHit
    static class MustHitTestCase {
        @Test
        void partitionNobodyCrosses(Topology topology) {
            topology.partition("b");
        }

        @Test
        void partitionAPingCrosses(Topology topology, @Ns("a") NetNs a) {
            topology.partition("b");
            a.ping("10.62.0.2", 1, Duration.ofMillis(200));
        }

        @Test
        @FaultsMustHit(atLeast = 2)
        void blockHitOnceOfTwo(@Ns("a") NetNs a) throws Exception {
            try (Block b = a.block("10.62.0.2", 80)) {
                a.canConnect("10.62.0.2", 80, Duration.ofMillis(300));
            }
        }
    }

    @Test
    void faultsMustHitFailsATestWhoseFaultDidNothing() {
        EngineExecutionResults results = Kit.run(MustHitTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(1).failed(2));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("partitionNobodyCrosses"),
                finishedWithFailure(message("@FaultsMustHit(atLeast = 1): 1 fault of this test hit too little, so the"
                        + " test did not exercise it:\n  partition [b] | [a]: hit nothing\nCheck that the traffic goes"
                        + " where the fault is (namespaces, address, port, the link end whose outgoing packets the"
                        + " conditions shape) and is sent while the fault is in force."))));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("blockHitOnceOfTwo"),
                finishedWithFailure(message(m -> m.contains("a: drop to 10.62.0.2 port 80: hit 1 packet, 60 bytes")))));
    }

    /** tcpdump -v continues a packet on indented lines: one packet per line, its continuations appended. */
    private static List<String> onePacketPerLine(List<String> verbose) {
        return List.of(String.join("\n", verbose).replaceAll("\n\\s+", " ").split("\n"));
    }
}
