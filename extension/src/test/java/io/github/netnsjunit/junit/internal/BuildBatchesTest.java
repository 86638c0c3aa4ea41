package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildBatchesTest {

    @Test
    void aNamespaceIsSentAfterThoseThatCreateVethPeersInIt() {
        TopologyModel seed4 = TestTopologies.validate(NetworkTopology.builder()
                .namespace("br").namespace("ns01").namespace("ns02")
                .bridge("br01", "br", "192.168.88.1/24")
                .veth("veth01", "ns01", "br-veth01", "br", v -> v.peerMaster("br01"))
                .veth("veth02", "ns02", "br-veth02", "br", v -> v.peerMaster("br01"))
                .build());
        assertThat(BuildBatches.sendingOrder(seed4, List.of("br", "ns01", "ns02")))
                .containsExactly("ns01", "ns02", "br");
    }

    @Test
    void independentNamespacesKeepTheirDeclarationOrder() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder()
                .namespace("x").namespace("y").namespace("z")
                .veth("v0", "z", "v1", "y", v -> { })
                .build());
        assertThat(BuildBatches.sendingOrder(model, List.of("x", "y", "z"))).containsExactly("x", "z", "y");
    }

    @Test
    void aCycleHasNoOrder() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder()
                .namespace("a").namespace("b")
                .veth("ab", "a", "ba", "b", v -> { })
                .veth("bb", "b", "aa", "a", v -> { })
                .build());
        assertThat(BuildBatches.sendingOrder(model, List.of("a", "b"))).isNull();
    }

    @Test
    void aPairInsideOneNamespaceAddsNoDependency() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder()
                .namespace("a").namespace("b")
                .veth("v0", "b", "v1", "b", v -> { })
                .build());
        assertThat(BuildBatches.sendingOrder(model, List.of("a", "b"))).containsExactly("a", "b");
    }

    @Test
    void aMacvlanHandedToAnotherNamespaceIsSentAfterItsParentsNamespace() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder()
                .namespace("c1").namespace("node").namespace("lan")
                .veth("eth0", "lan", "eth0", "node", v -> { })
                .macvlan("mv0", "c1", "eth0", m -> m.parentNamespace("node").address("10.0.0.11/24"))
                .build());
        // lan creates node's eth0, node creates c1's mv0 (on it): c1's addresses and up must come after both
        assertThat(BuildBatches.sendingOrder(model, List.of("c1", "node", "lan")))
                .containsExactly("lan", "node", "c1");
    }
}
