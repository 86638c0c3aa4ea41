package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * Seed 4 ({@code shared/seeds/004_a8cfa9a8f35cb850.txt}): a docker-like bridge with two namespaces behind it,
 * masqueraded out of an uplink — entirely inside test namespaces. Namespace {@code sw} plays the seed's host,
 * {@code outside} plays the internet (our own addresses only), and {@code iptables -t nat -A POSTROUTING -s
 * 192.168.88.0/24 -j MASQUERADE} is {@code @Masquerade}.
 */
@DockerLikeBridge
@NetNamespace("outside")
@VethPair(name = "uplink", namespace = "sw", address = "10.99.0.1/24",
          peer = "eth0", peerNamespace = "outside", peerAddress = "10.99.0.2/24")
@Masquerade(namespace = "sw", source = "192.168.88.0/24", outInterface = "uplink")
class SeedFourDockerBridgeSample {

    @Test
    @InNamespace("ns01")
    void namespacesOnTheBridgeReachEachOtherAndTheGateway(NetNs ns01, @Ns("ns02") NetNs ns02) {
        assertThat(ns01).canPing("192.168.88.12").canPing("192.168.88.1")
                .hasNeighbour("192.168.88.12", ns02.links().stream()
                        .filter(l -> l.name().equals("veth02")).findFirst().orElseThrow().mac().toString());
    }

    @Test
    void trafficLeavingTheUplinkIsMasqueraded(@Ns("ns01") NetNs ns01, @Ns("outside") NetNs outside) throws Exception {
        try (PeerRecorder server = PeerRecorder.listen(outside, "10.99.0.2", 8080)) {
            assertThat(PeerRecorder.connect(ns01, "10.99.0.2", 8080)).isEqualTo("hello");
            assertThat(server.peerAddress()).isEqualTo("10.99.0.1");
        }
    }

    @Test
    void trafficThatStaysOnTheBridgeKeepsItsSource(@Ns("ns01") NetNs ns01, @Ns("ns02") NetNs ns02) throws Exception {
        try (PeerRecorder server = PeerRecorder.listen(ns02, "192.168.88.12", 8080)) {
            assertThat(PeerRecorder.connect(ns01, "192.168.88.12", 8080)).isEqualTo("hello");
            assertThat(server.peerAddress()).isEqualTo("192.168.88.11");
        }
    }

    @Test
    void theBridgeLearnedBothPorts(@Ns("sw") NetNs sw, @Ns("ns01") NetNs ns01, @Ns("ns02") NetNs ns02) {
        assertThat(ns01).canPing("192.168.88.12");
        assertThat(sw).bridge("br01")
                .hasLearned(ns01.links().stream().filter(l -> l.name().equals("veth01")).findFirst().orElseThrow().mac())
                .hasLearned(ns02.links().stream().filter(l -> l.name().equals("veth02")).findFirst().orElseThrow().mac());
    }
}
