package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mtu} on every link kind (veth, bridge, macvlan, VXLAN), read back with {@code ip -j link} inside the
 * namespaces, and the veth's MTU felt by {@code ping -M do} (don't fragment) of the largest and one byte larger
 * packet.
 */
@NetNamespace("a")
@NetNamespace("b")
@VethPair(name = "eth0", namespace = "a", address = "10.90.0.1/24", peer = "eth0", peerNamespace = "b",
        peerAddress = "10.90.0.2/24", mtu = 1400)
@VethPair(name = "p0", namespace = "a", peer = "p1", peerNamespace = "b", peerMaster = "br0")
@Bridge(name = "br0", namespace = "b", address = "10.91.0.2/24", mtu = 1300)
@Macvlan(name = "mv0", namespace = "b", parent = "eth0", address = "10.92.0.3/24", mtu = 1200)
@Vxlan(name = "vx0", namespace = "a", vni = 5, remote = "10.90.0.2", device = "eth0", mtu = 1000)
class MtuIT {

    @SuppressWarnings("unchecked")
    private static long mtu(NetNs ns, String link) {
        List<Map<String, Object>> links = (List<Map<String, Object>>) Kernel.Json.parse(
                Kernel.nsenter(ns.path(), "ip", "-j", "link", "show", link));
        return (Long) links.get(0).get("mtu");
    }

    @Test
    void everyKindHasItsDeclaredMtu(@Ns("a") NetNs a, @Ns("b") NetNs b) {
        assertThat(mtu(a, "eth0")).isEqualTo(1400);
        assertThat(mtu(b, "eth0")).isEqualTo(1400);
        // kept although its port p1 has 1500: set as a change, which the bridge then keeps as the user's
        assertThat(mtu(b, "br0")).isEqualTo(1300);
        assertThat(mtu(b, "p1")).isEqualTo(1500);
        assertThat(mtu(b, "mv0")).isEqualTo(1200);
        assertThat(mtu(a, "vx0")).isEqualTo(1000);
    }

    @Test
    void theVethCarriesExactlyItsMtuUnfragmented(@Ns("a") NetNs a) {
        // 1372 bytes of payload + 8 (ICMP) + 20 (IPv4) = 1400
        assertThat(Kernel.nsenter(a.path(), "ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1372", "10.90.0.2"))
                .contains("1 received");
        assertThatThrownBy(() -> Kernel.nsenter(a.path(), "ping", "-c", "1", "-W", "2", "-M", "do", "-s", "1373",
                "10.90.0.2")).hasMessageContaining("message too long, mtu=1400");
    }
}
