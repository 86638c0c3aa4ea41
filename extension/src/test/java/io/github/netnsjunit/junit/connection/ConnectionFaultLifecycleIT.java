package io.github.netnsjunit.junit.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.ConnectionFault;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.SharedTopology;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Connection faults end with what they were declared or applied for: one a test leaves open is removed at its end and
 * named in its report (with {@link SharedTopology} the next test finds no table of it), while one declared on the
 * class of a shared topology stays in force for every test. Oracle: {@code nft list ruleset} in both namespaces.
 */
class ConnectionFaultLifecycleIT {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    @KitFixture
    @SharedTopology
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.63.0.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.63.0.2/24")
    @ConnectionFault(namespace = "a", peer = "10.63.0.2", port = 443, kind = ConnectionFault.Kind.RESET)
    static class SharedTestCase {
        @Test
        @Order(1)
        void leavesFaultsOpen(@Ns("a") NetNs a) {
            SEEN.put("nft a 1", Kernel.nftRuleset(a.path()));
            a.connections("10.63.0.2", 80).failFirst(1).apply();
            a.connections("10.63.0.2", 53).direction(ConnectionFault.Direction.TO_PEER).dropDatagramsAfter(0).apply();
        }

        @Test
        @Order(2)
        void findsOnlyTheDeclaredFault(@Ns("a") NetNs a, @Ns("b") NetNs b) {
            SEEN.put("nft a 2", Kernel.nftRuleset(a.path()));
            SEEN.put("nft b 2", Kernel.nftRuleset(b.path()));
        }
    }

    @KitFixture
    @SharedTopology
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.63.1.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.63.1.2/24")
    static class MethodFaultOnSharedTestCase {
        @Test
        @ConnectionFault(namespace = "a", peer = "10.63.1.2", port = 443, kind = ConnectionFault.Kind.RESET)
        void check() {
            SEEN.put("body", "ran");
        }
    }

    @Test
    void aMethodsFaultOnASharedTopologyIsRefusedNotIgnored() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(MethodFaultOnSharedTestCase.class);
        Throwable t = results.allEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        assertThat(t).isInstanceOf(TopologyDeclarationException.class).hasMessageEndingWith(
                "- @ConnectionFault(namespace = \"a\", peer = \"10.63.1.2\", port = 443, kind = RESET) on method"
                        + " check(): the topology is built once for the class (@SharedTopology), so a fault declared on"
                        + " one method cannot be in force for that test alone; declare it on the class, or apply it in"
                        + " the test with NetNs.connections(...).");
        assertThat(SEEN).doesNotContainKey("body");
    }

    @KitFixture
    @NetNamespace("a")
    @NetNamespace("b")
    @VethPair(name = "va", namespace = "a", address = "10.63.2.1/24", peer = "vb", peerNamespace = "b",
            peerAddress = "10.63.2.2/24")
    static class DeclaredPerTestTestCase {
        @Test
        @ConnectionFault(namespace = "a", peer = "10.63.2.2", port = 443, kind = ConnectionFault.Kind.RESET)
        void check(@Ns("a") NetNs a) {
            SEEN.put("nft a", Kernel.nftRuleset(a.path()));
            a.connections("10.63.2.2", 80).reset().apply();
        }
    }

    @Test
    void aDeclaredFaultIsNotReportedAsLeftOpenByTheTest() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(DeclaredPerTestTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(SEEN.get("nft a")).contains("tcp dport 443 tcp flags ! rst");
        assertThat(reports(results)).containsExactly("netns-junit.healed: a: connections with 10.63.2.2 port 80:"
                + " reset (left open by the test, healed at its end)");
    }

    private static List<String> reports(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .flatMap(r -> r.getKeyValuePairs().entrySet().stream()).map(e -> e.getKey() + ": " + e.getValue())
                .toList();
    }

    @Test
    void faultsLeftOpenAreRemovedAndNamedWhileTheDeclaredOneStays() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(SharedTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(SEEN.get("nft a 1")).contains("tcp dport 443 tcp flags ! rst");
        assertThat(SEEN.get("nft a 2")).contains("tcp dport 443 tcp flags ! rst").doesNotContain("numgen");
        assertThat(SEEN.get("nft b 2")).doesNotContain("netns_junit_conn");
        assertThat(reports(results)).containsExactly(
                "netns-junit.healed: a: connections with 10.63.0.2 port 80: fail the first 1 connection attempts (left"
                        + " open by the test, healed at its end)",
                "netns-junit.healed: a: UDP flows with 10.63.0.2 port 53: drop UDP datagrams after 0 (sent to the"
                        + " peer) (left open by the test, healed at its end)");
    }
}
