package io.github.netnsjunit.junit.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.LinkConditions;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.SharedTopology;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
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
 * A timed connection fault a test leaves open on a shared topology is healed at its end and named, as the nftables
 * ones are: the next test's connect is not held (its time, measured by the Java client) and no clamp table of it is
 * left ({@code nft list ruleset}).
 */
class RelayedConnectionFaultLifecycleIT {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @KitFixture
    @SharedTopology
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.64.0.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.64.0.2/24")
    @LinkConditions(namespace = "a", link = "va")
    static class SharedTestCase {
        @Test
        @Order(1)
        void leavesTimedFaultsOpen(@Ns("a") NetNs a, @Ns("b") NetNs b) throws Exception {
            a.connections("10.64.0.2", 80).delayHandshake(Duration.ofMillis(300)).apply();
            a.connections("10.64.0.2", 81).slice(100, Duration.ofMillis(10)).apply();
            SEEN.put("connect 1", connectMillis(a, b));
            SEEN.put("nft a 1", Kernel.nftRuleset(a.path()));
        }

        @Test
        @Order(2)
        void findsThemGone(@Ns("a") NetNs a, @Ns("b") NetNs b) throws Exception {
            SEEN.put("connect 2", connectMillis(a, b));
            SEEN.put("nft a 2", Kernel.nftRuleset(a.path()));
        }

        private static long connectMillis(NetNs a, NetNs b) throws Exception {
            try (ServerSocket listener = b.call(() -> new ServerSocket(80, 50, InetAddress.getByName("10.64.0.2")))) {
                long start = System.nanoTime();
                try (Socket s = a.call(() -> new Socket("10.64.0.2", 80))) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            }
        }
    }

    @Test
    void timedFaultsLeftOpenAreHealedAndNamed() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(SharedTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        System.out.println("[relayed lifecycle] " + SEEN.get("connect 1") + " ms, then " + SEEN.get("connect 2"));
        assertThat((Long) SEEN.get("connect 1")).isGreaterThanOrEqualTo(300);
        assertThat((Long) SEEN.get("connect 2")).isLessThan(200);
        assertThat((String) SEEN.get("nft a 1")).contains("tcp option maxseg size set 100");
        assertThat((String) SEEN.get("nft a 2")).doesNotContain("netns_junit_conn");
        List<String> reports = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .flatMap(r -> r.getKeyValuePairs().entrySet().stream()).map(e -> e.getKey() + ": " + e.getValue())
                .toList();
        assertThat(reports).containsExactly(
                "netns-junit.healed: a: connections with 10.64.0.2 port 80: connection requests held 300 ms (userspace"
                        + " relay) (left open by the test, healed at its end)",
                "netns-junit.healed: a: connections with 10.64.0.2 port 81: segments of at most 100 bytes, 10 ms apart"
                        + " (userspace relay) (both directions) (left open by the test, healed at its end)");
    }
}
