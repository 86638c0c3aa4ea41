package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Nothing in the host namespace is shaped (issue 24 item 8), as {@code @LinkConditions} already refused: neither a
 * host link's own {@code conditions(...)} nor {@code bothWays} towards a peer in the host. Oracle: {@code tc -j qdisc}
 * on the host end. Before: both calls put a tbf on the host link.
 */
class HostShapingIT {
    @Test
    void conditionsOnAHostLinkOrBothWaysTowardsOneAreRefused() {
        var model = io.github.netnsjunit.junit.TestTopologies.validate(NetworkTopology.builder().namespace("ns0")
                .veth("up", "host", "eth0", "ns0", v -> v.address("10.49.0.1/30").peerAddress("10.49.0.2/30"))
                .build());
        try (LiveTopology live = new TopologyFactory(Duration.ofSeconds(5)).build(model)) {
            NetNs host = live.namespace("host");
            NetNs ns0 = live.namespace("ns0");
            String real = live.linkName("host", "up");
            assertThatThrownBy(() -> host.conditions("up").rate(1_000_000).apply())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("conditions(\"up\") in netns host: this link is in \"host\", the machine's own"
                            + " namespace, where conditions are never applied. Fix: put conditions only on ends in test"
                            + " namespaces.");
            assertThatThrownBy(() -> ns0.conditions("eth0").rate(1_000_000).bothWays(true).apply())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("conditions(\"eth0\") in netns ns0 with bothWays(true): its veth peer \"up\" is in"
                            + " \"host\", the machine's own namespace, where conditions are never applied. Fix: put"
                            + " conditions only on ends in test namespaces, and leave bothWays off.");
            assertThat(Kernel.run("tc", "-j", "qdisc", "show", "dev", real)).doesNotContain("tbf");
            assertThat(Kernel.nsenter(ns0.path(), "tc", "-j", "qdisc", "show", "dev", "eth0")).doesNotContain("tbf");
        }
    }
}
