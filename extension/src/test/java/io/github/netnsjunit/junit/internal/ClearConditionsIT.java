package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.internal.ConditionsConfig.Engine;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * {@code clearConditions} clears everything a {@code conditions} call on that link set, the peer's conditions of a
 * {@code bothWays} call included, even after a later one-way change (issue 24 item 5). Oracles: the RTT measured
 * with ping (relay), {@code tc -j qdisc} in the peer's namespace (kernel). Before: delay 50 ms both ways, then 10 ms,
 * then clear left an RTT of about 50 ms; rate 1 mbit both ways, then 2 mbit, then clear left tbf on veth1.
 */
class ClearConditionsIT {
    private static LiveTopology build(Engine engine, boolean declared) {
        var b = NetworkTopology.builder().namespace("ns0").namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("10.7.4.1/24").peerAddress("10.7.4.2/24"));
        if (declared) {
            b.conditions("ns0", "veth0", c -> { });
            b.conditions("ns1", "veth1", c -> { });
        }
        return new TopologyFactory(Duration.ofSeconds(5), new ConditionsConfig(engine, false))
                .build(io.github.netnsjunit.junit.TestTopologies.validate(b.build()));
    }

    private static Duration medianRtt(NetNs ns) {
        var rtts = new java.util.ArrayList<>(ns.ping("10.7.4.2", 5, Duration.ofSeconds(1)).rtts());
        assertThat(rtts).hasSize(5);
        Collections.sort(rtts);
        return rtts.get(2);
    }

    @Test
    void clearEndsTheBothWaysDelayOnThePeerAfterALaterOneWayChange() {
        try (LiveTopology live = build(Engine.USERSPACE, true)) {
            NetNs ns0 = live.namespace("ns0");
            ns0.conditions("veth0").delay(Duration.ofMillis(50)).bothWays(true).apply();
            assertThat(medianRtt(ns0)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            ns0.conditions("veth0").delay(Duration.ofMillis(10)).apply();
            assertThat(medianRtt(ns0)).isBetween(Duration.ofMillis(60), Duration.ofMillis(100));
            ns0.clearConditions("veth0");
            Duration after = medianRtt(ns0);
            System.out.println("RTT after clearConditions: " + after);
            assertThat(after).isLessThan(Duration.ofMillis(10));
            assertThat(live.faultsAffecting("ns0")).isEmpty();
        }
    }

    @Test
    void clearRemovesThePeersTbfOnTheKernelEngine() {
        try (LiveTopology live = build(Engine.KERNEL, false)) {
            NetNs ns0 = live.namespace("ns0");
            NetNs ns1 = live.namespace("ns1");
            ns0.conditions("veth0").rate(1_000_000).bothWays(true).apply();
            assertThat(Kernel.nsenter(ns1.path(), "tc", "-j", "qdisc", "show", "dev", "veth1")).contains("\"tbf\"");
            ns0.conditions("veth0").rate(2_000_000).apply();
            ns0.clearConditions("veth0");
            assertThat(Kernel.nsenter(ns0.path(), "tc", "-j", "qdisc", "show", "dev", "veth0")).doesNotContain("tbf");
            assertThat(Kernel.nsenter(ns1.path(), "tc", "-j", "qdisc", "show", "dev", "veth1")).doesNotContain("tbf");
        }
    }

    /** A condition the peer got from its own call stays when the other end clears. */
    @Test
    void clearLeavesThePeersOwnConditions() {
        try (LiveTopology live = build(Engine.KERNEL, false)) {
            NetNs ns0 = live.namespace("ns0");
            NetNs ns1 = live.namespace("ns1");
            ns0.conditions("veth0").rate(1_000_000).bothWays(true).apply();
            ns1.conditions("veth1").rate(3_000_000).apply();
            ns0.clearConditions("veth0");
            assertThat(Kernel.nsenter(ns1.path(), "tc", "-j", "qdisc", "show", "dev", "veth1"))
                    .contains("\"tbf\"").contains("\"rate\":375000");
        }
    }

    /** Issue 24 item 10: before, {@code Duration.ofDays(365000)} threw {@code ArithmeticException: long overflow}. */
    @Test
    void theBuilderRefusesValuesBeyondTheLimitsWithOurMessage() {
        try (LiveTopology live = build(Engine.KERNEL, false)) {
            NetNs ns0 = live.namespace("ns0");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> ns0.conditions("veth0").delay(Duration.ofDays(365000)).apply())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("conditions(\"veth0\") in netns ns0: delay is PT8760000H, longer than the longest time"
                            + " conditions accept, 3600s (one hour). Write a shorter time, e.g. Duration.ofMillis(50).");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> ns0.conditions("veth0").rate(1_000_000).limit(Integer.MAX_VALUE).apply())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("conditions(\"veth0\") in netns ns0: limit is 2147483647, more than the longest queue"
                            + " conditions accept, 1000000 packets. Use 0 for the default, or a queue length up to"
                            + " 1000000.");
            assertThat(Kernel.nsenter(ns0.path(), "tc", "-j", "qdisc", "show", "dev", "veth0")).doesNotContain("tbf");
        }
    }
}
