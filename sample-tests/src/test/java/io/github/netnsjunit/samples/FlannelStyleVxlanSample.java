package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.Vxlan;
import io.github.netnsjunit.netlink.addr.MacAddress;
import org.junit.jupiter.api.Test;

/**
 * Seed 4's bridge network ({@code shared/seeds/004_a8cfa9a8f35cb850.txt}: a bridge {@code br01} with the gateway
 * 192.168.88.1/24 and "containers" behind it) stretched over two "hosts", flannel-style: a bridge per host and a
 * VXLAN link between the hosts, carried by an underlay veth. {@code ns01} sits behind {@code host1}'s bridge,
 * {@code ns02} behind {@code host2}'s; one layer-2 network, VNI 1, UDP 4789 over 192.0.2.0/24.
 *
 * <p>Replaces, per host: {@code ip link add vx0 type vxlan id 1 local 192.0.2.1 remote 192.0.2.2 dev eth0 dstport
 * 4789; ip link set vx0 master br01; ip link set vx0 up}. The containers' veths take the overlay's MTU (1450: the
 * underlay's 1500 minus 50 bytes of VXLAN headers), as flannel gives its pods.
 */
@NetNamespace("host1")
@NetNamespace("host2")
@NetNamespace("ns01")
@NetNamespace("ns02")
// the underlay: the hosts' own network
@VethPair(name = "eth0", namespace = "host1", address = "192.0.2.1/24",
          peer = "eth0", peerNamespace = "host2", peerAddress = "192.0.2.2/24")
// seed 4's bridge, once per host; one gateway address for the whole overlay network, on host1
@Bridge(name = "br01", namespace = "host1", address = "192.168.88.1/24")
@Bridge(name = "br01", namespace = "host2")
@VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", mtu = 1450,
          peer = "br-veth01", peerNamespace = "host1", peerMaster = "br01")
@VethPair(name = "veth02", namespace = "ns02", address = "192.168.88.12/24", mtu = 1450,
          peer = "br-veth02", peerNamespace = "host2", peerMaster = "br01")
@Route(namespace = "ns01", to = "default", via = "192.168.88.1")
@Route(namespace = "ns02", to = "default", via = "192.168.88.1")
// the overlay: a VXLAN port on each bridge, pointing at the other host
@Vxlan(name = "vx0", namespace = "host1", vni = 1, local = "192.0.2.1", remote = "192.0.2.2", device = "eth0",
       master = "br01")
@Vxlan(name = "vx0", namespace = "host2", vni = 1, local = "192.0.2.2", remote = "192.0.2.1", device = "eth0",
       master = "br01")
class FlannelStyleVxlanSample {

    private static MacAddress mac(NetNs ns, String link) {
        return ns.links().stream().filter(l -> l.name().equals(link)).findFirst().orElseThrow().mac();
    }

    @Test
    void containersOnTwoHostsShareOneNetworkOverTheOverlay(@Ns("ns01") NetNs ns01, @Ns("ns02") NetNs ns02) {
        // ns02 is behind host2, its gateway behind host1: both only through the tunnel
        assertThat(ns02).canPing("192.168.88.11").canPing("192.168.88.1");
        // one layer-2 network: ns01 resolved ns02's own MAC, across the hosts, by ARP
        assertThat(ns01).canPing("192.168.88.12").hasNeighbour("192.168.88.12", mac(ns02, "veth02").toString());
    }

    @Test
    void eachHostsBridgeLearnsTheFarContainerBehindItsVxlanPort(@Ns("host1") NetNs host1, @Ns("host2") NetNs host2,
            @Ns("ns01") NetNs ns01, @Ns("ns02") NetNs ns02) {
        assertThat(ns01).canPing("192.168.88.12");
        assertThat(host1).bridge("br01").hasLearned(mac(ns02, "veth02"));
        assertThat(host2).bridge("br01").hasLearned(mac(ns01, "veth01"));
        // and the port it learnt it on is the VXLAN link
        int vx0 = host1.links().stream().filter(l -> l.name().equals("vx0")).findFirst().orElseThrow().index();
        assertThat(host1.fdb("br01")).anySatisfy(e -> {
            assertThat(e.mac()).isEqualTo(mac(ns02, "veth02"));
            assertThat(e.portIndex()).isEqualTo(vx0);
        });
    }

    @Test
    void tcpCrossesTheOverlayWithItsSourceKept(@Ns("ns01") NetNs ns01, @Ns("ns02") NetNs ns02) throws Exception {
        try (PeerRecorder server = PeerRecorder.listen(ns02, "192.168.88.12", 8080)) {
            assertThat(PeerRecorder.connect(ns01, "192.168.88.12", 8080)).isEqualTo("hello");
            assertThat(server.peerAddress()).isEqualTo("192.168.88.11");
        }
    }
}
