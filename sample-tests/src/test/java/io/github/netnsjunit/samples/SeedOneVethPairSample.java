package io.github.netnsjunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * Seed 1 ({@code shared/seeds/001_5c67e36410960d4e.txt}): two namespaces joined by a veth pair.
 *
 * <pre>
 * ip netns add ns0; ip netns add ns1
 * ip link add veth0 type veth peer name veth1
 * ip link set veth0 netns ns0; ip link set veth1 netns ns1
 * ip netns exec ns0 ip addr add 172.18.0.2/24 dev veth0; ip netns exec ns0 ip link set veth0 up
 * ip netns exec ns1 ip addr add 172.18.0.3/24 dev veth1; ip netns exec ns1 ip link set veth1 up
 * ip netns exec ns1 ping 172.18.0.2
 * </pre>
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
          peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
class SeedOneVethPairSample {

    @Test
    @InNamespace("ns1")
    void ns1ReachesNs0(NetNs ns1) {
        assertThat(ns1.ping("172.18.0.2").received()).isEqualTo(3);
    }

    @Test
    void theHostSeesNoneOfIt(@Ns("ns0") NetNs ns0) {
        assertThat(ns0.links()).extracting(l -> l.name()).containsExactlyInAnyOrder("lo", "veth0");
    }
}
