package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Faults a test leaves open (partition, block, condition) are healed at its end and named in its report (issue 24
 * item 6): with {@link SharedTopology} they must not carry into the next test, whose failure would blame itself.
 * Oracles: {@code nft -j list ruleset} and {@code tc -j qdisc} in the namespaces, and a UDP receiver. Before: the
 * second test found the first one's partition table, tbf and block, and its datagram was lost.
 */
class OpenFaultsIT {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    static boolean udpArrives(NetNs from, NetNs to, String toAddress) throws Exception {
        try (DatagramSocket receiver = to.call(() -> new DatagramSocket(new InetSocketAddress(toAddress, 0)))) {
            receiver.setSoTimeout(500);
            from.run(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    s.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(toAddress,
                            receiver.getLocalPort())));
                } catch (java.io.IOException e) {
                    // refused on the way out: not delivered
                }
            });
            try {
                receiver.receive(new DatagramPacket(new byte[8], 8));
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    @KitFixture
    @SharedTopology
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.48.0.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.48.0.2/24")
    static class SharedTestCase {
        @Test
        @Order(1)
        void leavesFaultsOpen(Topology topology, @Ns("a") NetNs a) {
            topology.partition("a");
            a.block("10.48.0.2", 80);
            a.conditions("va").rate(1_000_000).apply();
        }

        @Test
        @Order(2)
        void findsACleanNetwork(@Ns("a") NetNs a, @Ns("b") NetNs b) throws Exception {
            SEEN.put("nft a", Kernel.nsenter(a.path(), "nft", "-j", "list", "ruleset"));
            SEEN.put("nft b", Kernel.nsenter(b.path(), "nft", "-j", "list", "ruleset"));
            SEEN.put("tc a", Kernel.nsenter(a.path(), "tc", "-j", "qdisc", "show", "dev", "va"));
            SEEN.put("udp", Boolean.toString(udpArrives(a, b, "10.48.0.2")));
        }
    }

    private static List<String> reports(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .flatMap(r -> r.getKeyValuePairs().entrySet().stream()).map(e -> e.getKey() + ": " + e.getValue())
                .toList();
    }

    @Test
    void aSharedTopologyStartsEachTestWithoutTheFaultsTheLastLeftOpen() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(SharedTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(SEEN.get("nft a")).doesNotContain("netns_junit_part").doesNotContain("netns_junit_block");
        assertThat(SEEN.get("nft b")).doesNotContain("netns_junit_part");
        assertThat(SEEN.get("tc a")).doesNotContain("tbf");
        assertThat(SEEN.get("udp")).isEqualTo("true");
        assertThat(reports(results)).containsExactly(
                "netns-junit.healed: partition [a] | [b] (left open by the test, healed at its end)",
                "netns-junit.healed: a: drop to 10.48.0.2 port 80 (left open by the test, healed at its end)",
                "netns-junit.healed: conditions on va in a: rate 1mbit (declared: none; left open by the test,"
                        + " restored at its end)");
    }

    @KitFixture
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.48.1.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.48.1.2/24")
    static class PerTestTestCase {
        @Test
        void leavesAPartitionOpen(Topology topology) {
            topology.partition("b");
        }
    }

    @Test
    void aPerTestTopologyNamesThePartitionLeftOpen() {
        EngineExecutionResults results = Kit.run(PerTestTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(reports(results)).containsExactly(
                "netns-junit.healed: partition [b] | [a] (left open by the test, healed at its end)");
    }
}
