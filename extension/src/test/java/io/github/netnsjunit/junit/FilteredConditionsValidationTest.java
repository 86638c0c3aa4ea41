package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.LinkConditions.Direction;
import io.github.netnsjunit.junit.LinkConditions.Protocol;
import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code @LinkConditions}' traffic limits, direction and burst loss: what a valid declaration becomes, and the one
 * clear message for each mistake, before anything is built.
 */
class FilteredConditionsValidationTest {
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @Bridge(name = "br0", namespace = "ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.0.0.1/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.0.0.2/24")
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @interface Pair {
    }

    @Pair
    @LinkConditions(namespace = "ns0", link = "veth0", delay = "20ms", to = "10.0.0.0/24", protocol = Protocol.TCP,
            toPort = 8080, direction = Direction.BOTH, burstLoss = "1% 20%", seed = 3)
    static class Valid {
    }

    @Test
    void aValidDeclarationIsMirroredOnThePeerForBothWays() {
        TopologyModel m = TestTopologies.readAndValidate(Valid.class, Optional.empty());
        LinkConditionsSpec c = m.conditions().get(0);
        assertThat(c.bothWays()).isTrue();
        assertThat(c.describe()).isEqualTo("delay 20ms loss gemodel 1% 20% 100% 0% seed 3 only for to 10.0.0.0/24 tcp"
                + " dport 8080");
        assertThat(c.on("ns1", "veth1").describe()).isEqualTo("delay 20ms loss gemodel 1% 20% 100% 0% seed 3 only for"
                + " from 10.0.0.0/24 tcp sport 8080");
        assertThat(c.needsNetem()).isTrue();
    }

    @Pair
    @LinkConditions(namespace = "ns0", link = "veth0", delay = "20ms", from = "10.0.0.2", direction = Direction.ARRIVING)
    static class Arriving {
    }

    @Test
    void arrivingConditionsGoOnTheVethPeerAsDeclared() {
        LinkConditionsSpec c = TestTopologies.readAndValidate(Arriving.class, Optional.empty()).conditions().get(0);
        assertThat(c.namespace() + "/" + c.link()).isEqualTo("ns1/veth1");
        assertThat(c.describe()).isEqualTo("delay 20ms only for from 10.0.0.2/32");
    }

    @Pair
    @LinkConditions(namespace = "ns0", link = "veth0", delay = "20ms", to = "10.0.0.0/33", from = "fd00::/64",
            protocol = Protocol.ICMP, port = 80, toPort = 70000, burstLoss = "1%", loss = "1%")
    static class Bad {
    }

    @Test
    void everyMistakeIsNamedWithItsFix() {
        assertThatThrownBy(() -> TestTopologies.readAndValidate(Bad.class, Optional.empty()))
                .hasMessageContaining("attribute 'to' is \"10.0.0.0/33\", which is not an address or prefix (")
                .hasMessageContaining("Write e.g. \"10.0.0.0/24\", \"10.0.0.2\" or \"fd00::/64\".")
                .hasMessageContaining("attribute 'toPort' is 70000, outside 1 to 65535. Write a port, e.g. 8080, or 0 for any.")
                .hasMessageContaining("attribute 'protocol' is ICMP, which has no ports, but a port is set.")
                .hasMessageContaining("attribute 'burstLoss' is \"1%\", which has 1 value. Write netem's gemodel values");
    }

    @Pair
    @LinkConditions(namespace = "ns0", link = "veth0", protocol = Protocol.UDP)
    static class FilterWithoutConditions {
    }

    @Pair
    @LinkConditions(namespace = "ns0", link = "veth0", delay = "1ms", bothWays = true, direction = Direction.ARRIVING)
    static class Contradiction {
    }

    @Pair
    @LinkConditions(namespace = "ns1", link = "br0", delay = "1ms", direction = Direction.ARRIVING)
    static class ArrivingOnABridge {
    }

    @Pair
    @LinkConditions(namespace = "ns0", link = "veth0", loss = "1%", burstLoss = "1% 20%")
    static class TwoLossModels {
    }

    @Test
    void contradictionsAreRefused() {
        assertThatThrownBy(() -> TestTopologies.readAndValidate(FilterWithoutConditions.class, Optional.empty()))
                .hasMessageContaining("attribute 'protocol' limits the conditions to udp, but no condition is set, so it would"
                        + " select traffic for nothing.");
        assertThatThrownBy(() -> TestTopologies.readAndValidate(Contradiction.class, Optional.empty()))
                .hasMessageContaining("attribute 'direction' is ARRIVING while bothWays is true, which asks for both directions.");
        assertThatThrownBy(() -> TestTopologies.readAndValidate(ArrivingOnABridge.class, Optional.empty()))
                .hasMessageContaining("attribute 'direction' is ARRIVING, but \"br0\" in namespace \"ns1\" is no veth end");
        assertThatThrownBy(() -> TestTopologies.readAndValidate(TwoLossModels.class, Optional.empty()))
                .hasMessageContaining("attribute 'burstLoss' is \"1% 20%\" while loss is \"1%\"; netem has one loss model");
    }
}
