package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TestTopologies;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import org.junit.jupiter.api.Test;

/**
 * Conditions on a macvlan or VXLAN link are the kernel's to apply (the userspace relay carries veth pairs only):
 * where the kernel cannot, the message names the link's kind and where to put them instead.
 */
class ConditionsOnStackedLinksTest {

    @Test
    void aDelayOnAMacvlanWithoutNetemNamesTheKindAndTheFix() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder()
                .namespace("node").namespace("lan")
                .veth("eth0", "node", "eth0", "lan", v -> { })
                .macvlan("mv0", "node", "eth0", m -> m.address("10.0.0.11/24"))
                .conditions("node", "mv0", c -> c.delay("50ms"))
                .build());
        assertThatThrownBy(() -> ConditionsPlan.of(model, ConditionsConfig.DEFAULT, () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("conditions(namespace = \"node\", link = \"mv0\") on NetworkTopology builder "
                        + "puts conditions on \"mv0\", a macvlan; the userspace relay carries veth pairs only and ")
                .hasMessageEndingWith(". Put the conditions on the veth end it sits on (its parent or underlay).");
    }
}
