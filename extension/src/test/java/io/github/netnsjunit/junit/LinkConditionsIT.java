package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code @LinkConditions} as a user writes it, under the default engine ({@code auto}: on this kernel without
 * netem, the userspace relay for delays and losses): RTTs measured by ping from the namespaces, changes mid-test,
 * and the conditions named in a failing assertion's message.
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "172.20.0.1/24", peer = "veth1", peerNamespace = "ns1",
        peerAddress = "172.20.0.2/24")
@LinkConditions(namespace = "ns1", link = "veth1", delay = "30ms", jitter = "2ms")
class LinkConditionsIT {
    static final String ENGINE = Files.exists(Path.of("/sys/module/sch_netem")) ? "kernel" : "userspace";

    @Test
    @InNamespace("ns1")
    void declaredDelayHoldsOneWay(NetNs ns1, Topology topology) {
        PingResult r = ns1.ping("172.20.0.1", 3, Duration.ofSeconds(1));
        assertThat(r.received()).isEqualTo(3);
        assertThat(r.rtts()).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(28), Duration.ofMillis(300)));
        // the relay's middle namespace is not one of the test's
        assertThat(topology.namespaces()).extracting(NetNs::name).containsExactly("ns0", "ns1");
    }

    @Test
    void changedMidTestAndCleared(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) {
        ns1.conditions("veth1").delay(Duration.ofMillis(60)).bothWays(true).apply();
        assertThat(ns0.ping("172.20.0.2", 3, Duration.ofSeconds(1)).rtts())
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(120), Duration.ofMillis(500)));
        ns1.clearConditions("veth1");
        assertThat(ns0.ping("172.20.0.2", 3, Duration.ofSeconds(1)).rtts())
                .allSatisfy(d -> assertThat(d).isLessThan(Duration.ofMillis(25)));
        ns1.conditions("veth1").loss(100).apply();
        assertThat(ns0).cannotPing("172.20.0.2");
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.21.0.1/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "172.21.0.2/24")
    @LinkConditions(namespace = "ns1", link = "veth1", loss = "100%")
    static class LossyTestCase {
        @Test
        void pings(@Ns("ns0") NetNs ns0) {
            assertThat(ns0).canPing("172.21.0.2");
        }
    }

    @Test
    void aFailedPingNamesTheConditionsInForce() {
        Kit.run(LossyTestCase.class).testEvents().assertThatEvents().haveExactly(1, event(test("pings"),
                finishedWithFailure(message(m -> m.contains("expected ns0 to reach 172.21.0.2 by ICMP echo, 0 of 3 replies")
                        && m.contains("; in force: conditions on veth1 in ns1 (packets leaving it): loss 100% ["
                                + ENGINE + " engine]")))));
    }
}
