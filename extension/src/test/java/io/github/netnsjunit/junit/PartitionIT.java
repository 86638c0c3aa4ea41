package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.testing.Kernel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Partitions, one-way partitions, blocks and rejects, checked with real connections between the namespaces and with
 * {@code nft -j list ruleset} inside them (the table is there while the fault holds, gone afterwards).
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@NetNamespace("ns2")
@VethPair(name = "veth0", namespace = "ns0", address = "10.5.0.1/24", peer = "veth1", peerNamespace = "ns1",
        peerAddress = "10.5.0.2/24")
@VethPair(name = "veth2", namespace = "ns1", address = "10.5.1.1/24", peer = "veth3", peerNamespace = "ns2",
        peerAddress = "10.5.1.2/24")
class PartitionIT {

    private static String ruleset(NetNs ns) {
        return Kernel.nsenter(ns.path(), "nft", "-j", "list", "ruleset").replaceAll("\\s+", "");
    }

    /** "connected", "timeout" or "refused in N ms". */
    private static String connect(NetNs from, String address, int port, int timeoutMillis) throws Exception {
        return from.call(() -> {
            long start = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), timeoutMillis);
                return "connected";
            } catch (SocketTimeoutException e) {
                return "timeout";
            } catch (IOException e) {
                return "refused" + ((System.nanoTime() - start) < 500_000_000L ? " at once" : " late");
            }
        });
    }

    private static ServerSocket listen(NetNs ns, String address) throws Exception {
        return ns.call(() -> new ServerSocket(7000, 50, java.net.InetAddress.getByName(address)));
    }

    @Test
    void partitionCutsBothWaysUntilHealed(Topology topology, @Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) throws Exception {
        try (ServerSocket server = listen(ns1, "10.5.0.2"); ServerSocket back = listen(ns0, "10.5.0.1")) {
            assertThat(connect(ns0, "10.5.0.2", 7000, 1000)).isEqualTo("connected");
            Partition p = topology.partition("ns0");
            assertThat(p).hasToString("partition [ns0] | [ns1, ns2]");
            assertThat(ruleset(ns0)).contains("\"name\":\"netns_junit_part1\"").contains("\"hook\":\"input\"")
                    .contains("\"drop\":null");
            assertThat(ruleset(ns1)).contains("\"name\":\"netns_junit_part1\"");
            assertThat(connect(ns0, "10.5.0.2", 7000, 500)).isEqualTo("timeout");
            assertThat(connect(ns1, "10.5.0.1", 7000, 500)).isEqualTo("timeout");
            assertThat(ns0.ping("10.5.1.2", 1, Duration.ofMillis(300)).received()).isZero(); // routed side too
            assertThat(((io.github.netnsjunit.junit.internal.LiveTopology) topology).faultsAffecting("ns0"))
                    .containsExactly("partition [ns0] | [ns1, ns2]");
            p.heal();
            assertThat(p.isActive()).isFalse();
            assertThat(ruleset(ns0)).doesNotContain("netns_junit_part");
            assertThat(connect(ns0, "10.5.0.2", 7000, 1000)).isEqualTo("connected");
            assertThat(connect(ns1, "10.5.0.1", 7000, 1000)).isEqualTo("connected");
        }
    }

    /** A failed reachability assertion names the partition in force as the cause, and what to do. */
    @Test
    void aFailedAssertionNamesThePartitionAsTheCause(Topology topology, @Ns("ns0") NetNs ns0) {
        try (Partition p = topology.partition("ns0")) {
            assertThatThrownBy(() -> io.github.netnsjunit.junit.assertj.NetAssertions.assertThat(ns0).canPing("10.5.0.2"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("cause (network condition): the test made the network misbehave on the way"
                            + " from ns0 to 10.5.0.2: partition [ns0] | [ns1, ns2]")
                    .hasMessageContaining("fix: that is what the test declared: heal the partition (Partition.heal())");
        }
    }

    @Test
    void establishedTcpSurvivesATwoSecondPartition(Topology topology, @Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1)
            throws Exception {
        try (ServerSocket server = listen(ns1, "10.5.0.2")) {
            Socket client = ns0.call(() -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("10.5.0.2", 7000), 1000);
                return s;
            });
            try (client; Socket accepted = server.accept()) {
                OutputStream out = client.getOutputStream();
                InputStream in = accepted.getInputStream();
                out.write(1);
                assertThat(in.read()).isEqualTo(1);
                try (Partition p = topology.partition("ns1")) {
                    out.write(2); // stalls in retransmission while the partition holds
                    Thread.sleep(2000);
                }
                accepted.setSoTimeout(10_000);
                assertThat(in.read()).isEqualTo(2);
                out.write(3);
                assertThat(in.read()).isEqualTo(3);
            }
        }
    }

    @Test
    void oneWayPartitionDropsOneDirectionOnly(Topology topology, @Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1)
            throws Exception {
        try (Partition p = topology.partitionOneWay("ns0", "ns1")) {
            assertThat(p).hasToString("one-way partition ns0 -> ns1");
            // requests from ns1 reach ns0 (seen by a UDP receiver there); what ns0 sends to ns1 is lost
            assertThat(udpArrives(ns1, ns0, "10.5.0.1")).isTrue();
            assertThat(udpArrives(ns0, ns1, "10.5.0.2")).isFalse();
        }
        assertThat(udpArrives(ns0, ns1, "10.5.0.2")).isTrue();
    }

    private static boolean udpArrives(NetNs from, NetNs to, String toAddress) throws Exception {
        try (java.net.DatagramSocket receiver = to.call(() -> new java.net.DatagramSocket(
                new InetSocketAddress(toAddress, 0)))) {
            receiver.setSoTimeout(500);
            from.run(() -> {
                try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
                    s.send(new java.net.DatagramPacket(new byte[] {1}, 1,
                            new InetSocketAddress(toAddress, receiver.getLocalPort())));
                }
            });
            try {
                receiver.receive(new java.net.DatagramPacket(new byte[8], 8));
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    @Test
    void blockTimesOutRejectRefusesAtOnceAndResetsEstablished(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1)
            throws Exception {
        try (ServerSocket server = listen(ns1, "10.5.0.2")) {
            try (Block b = ns0.block("10.5.0.2", 7000)) {
                assertThat(b).hasToString("ns0: drop to 10.5.0.2 port 7000");
                assertThat(connect(ns0, "10.5.0.2", 7000, 500)).isEqualTo("timeout");
                assertThat(Kernel.nsenter(ns0.path(), "nft", "list", "ruleset"))
                        .contains("ip daddr 10.5.0.2 tcp dport 7000 counter packets 1 bytes 60 drop");
            }
            assertThat(ruleset(ns0)).doesNotContain("netns_junit_block");
            Socket established = ns0.call(() -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("10.5.0.2", 7000), 1000);
                return s;
            });
            try (established; Socket accepted = server.accept()) {
                try (Block r = ns0.reject("10.5.0.2", 0)) {
                    assertThat(connect(ns0, "10.5.0.2", 7000, 2000)).isEqualTo("refused at once");
                    assertThatThrownBy(() -> {
                        established.getOutputStream().write(new byte[100]);
                        established.getOutputStream().write(new byte[100]);
                        established.getInputStream().read();
                    }).isInstanceOf(IOException.class);
                }
            }
        }
    }

    @Test
    void badArgumentsAreRefusedWithOneMessage(Topology topology, @Ns("ns0") NetNs ns0) {
        assertThatThrownBy(() -> topology.partition("nsX")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition(\"nsX\"): no namespace \"nsX\" in this topology; it has: \"ns0\", \"ns1\", \"ns2\".");
        assertThatThrownBy(() -> topology.partition("ns0", "ns1", "ns2")).hasMessage("partition(\"ns0\", \"ns1\","
                + " \"ns2\") names every namespace of the topology, so nothing is left on the other side. Name only the"
                + " namespaces to cut off, e.g. partition(\"ns0\").");
        assertThatThrownBy(() -> topology.partition()).hasMessage("partition() names no namespace. Name the namespaces"
                + " to cut off from the others, e.g. partition(\"ns0\").");
        assertThatThrownBy(() -> topology.partition("host")).hasMessage("partition(\"host\"): \"host\" is the"
                + " machine's own namespace, which a partition never touches. Partition test namespaces: \"ns0\","
                + " \"ns1\", \"ns2\".");
        assertThatThrownBy(() -> topology.partitionOneWay("ns1", "ns1")).hasMessage("partitionOneWay(\"ns1\","
                + " \"ns1\") names the same namespace twice. Name the namespace whose packets are dropped and the one"
                + " they no longer reach, e.g. partitionOneWay(\"ns1\", \"ns2\").");
        assertThatThrownBy(() -> ns0.block("10.5.0.2", 70000)).hasMessage("block(\"10.5.0.2\", 70000) in netns ns0:"
                + " port 70000 is outside 0..65535. Use the port to block, or 0 for every port.");
        assertThatThrownBy(() -> ns0.reject("10.5.0", 80)).hasMessageStartingWith("reject(\"10.5.0\", 80) in netns ns0:"
                + " \"10.5.0\" is not an IP address");
        assertThat(ruleset(ns0)).doesNotContain("netns_junit");
    }

    /**
     * Issue 24 items 9 and 10: before, {@code partition("ns1", "ns1")} and {@code block("0.0.0.0", 0)} (which matches
     * nothing) were accepted silently, and {@code partition((String) null)} threw a NullPointerException from inside.
     */
    @Test
    void silentAcceptancesAreRefusedWithOneMessage(Topology topology, @Ns("ns0") NetNs ns0) {
        assertThatThrownBy(() -> topology.partition("ns1", "ns1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition(\"ns1\", \"ns1\") names \"ns1\" twice. Name each namespace to cut off once,"
                        + " e.g. partition(\"ns1\").");
        assertThatThrownBy(() -> topology.partition((String) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partition(null): a namespace name is null. Name the namespaces to cut off, e.g."
                        + " partition(\"ns0\").");
        assertThatThrownBy(() -> topology.partitionOneWay(null, "ns1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitionOneWay(null, \"ns1\"): a namespace name is null. Name the namespace whose packets"
                        + " are dropped and the one they no longer reach, e.g. partitionOneWay(\"ns0\", \"ns1\").");
        assertThatThrownBy(() -> ns0.block("0.0.0.0", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("block(\"0.0.0.0\", 0) in netns ns0: 0.0.0.0 is the unspecified address, which no packet is"
                        + " sent to, so this would block nothing. Name the address of the peer to block, e.g."
                        + " \"10.0.0.2\".");
        assertThatThrownBy(() -> ns0.reject("::", 80)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reject(\"::\", 80) in netns ns0: :: is the unspecified address");
        assertThat(ruleset(ns0)).doesNotContain("netns_junit");
    }

    /** A test that fails with a partition and a block in force: teardown still removes everything. */
    @KitFixture
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.6.0.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.6.0.2/24")
    @LinkConditions(namespace = "a", link = "va", delay = "5ms")
    static class FailingWithFaultsTestCase {
        @Test
        void fails(Topology topology, @Ns("a") NetNs a) {
            topology.partition("a");
            a.reject("10.6.0.2", 80);
            a.conditions("va").delay(Duration.ofMillis(10)).apply();
            throw new AssertionError("on purpose");
        }
    }

    @Test
    void aFailingTestLeavesNothing() {
        Set<String> before = Kernel.jvmNamespaces();
        var results = Kit.run(FailingWithFaultsTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertThat(Kernel.await(() -> Kernel.jvmNamespaces().equals(before), 2000)).isGreaterThanOrEqualTo(0);
        assertThat(Kernel.jvmNamespaces()).isEqualTo(before);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("netns-relay-"));
    }
}
