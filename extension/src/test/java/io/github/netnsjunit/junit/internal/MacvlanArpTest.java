package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TestTopologies;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which links answer ARP only for their own addresses: those sharing a namespace with another of their segment. */
class MacvlanArpTest {

    private static NetworkTopology.Builder lan() {
        return NetworkTopology.builder().namespace("node").namespace("lan").namespace("c1").namespace("c2")
                .veth("eth0", "lan", "eth0", "node", v -> v.address("10.71.0.1/24"));
    }

    @Test
    void aMacvlanInItsParentsNamespaceAndTheParent() {
        assertThat(MacvlanArp.sysctls(TestTopologies.validate(lan()
                .macvlan("mv0", "node", "eth0", m -> m.address("10.71.0.10/24")).build())))
                .isEqualTo(Map.of("node", Map.of("net/ipv4/conf/eth0/arp_ignore", "1",
                        "net/ipv4/conf/mv0/arp_ignore", "1")));
    }

    @Test
    void twoMacvlansOfOneParentInOneNamespace() {
        assertThat(MacvlanArp.sysctls(TestTopologies.validate(lan()
                .macvlan("mv0", "c1", "eth0", m -> m.parentNamespace("node").address("10.71.0.11/24"))
                .macvlan("mv1", "c1", "eth0", m -> m.parentNamespace("node").address("10.72.0.12/24"))
                .build())))
                .isEqualTo(Map.of("c1", Map.of("net/ipv4/conf/mv0/arp_ignore", "1",
                        "net/ipv4/conf/mv1/arp_ignore", "1")));
    }

    @Test
    void aMacvlanAloneInItsNamespaceKeepsTheKernelsDefault() {
        assertThat(MacvlanArp.sysctls(TestTopologies.validate(lan()
                .macvlan("mv0", "c1", "eth0", m -> m.parentNamespace("node").address("10.71.0.11/24"))
                .macvlan("mv0", "c2", "eth0", m -> m.parentNamespace("node").address("10.71.0.12/24"))
                .build()))).isEmpty();
    }
}
