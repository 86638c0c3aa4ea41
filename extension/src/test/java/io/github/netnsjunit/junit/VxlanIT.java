package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * VXLAN endpoints in two "hosts" joined by an underlay veth: unicast with and without learning, and a multicast
 * group. Oracles: {@code ip -j -d link} (VNI, addresses, port, learning), {@code bridge -j fdb} (the default
 * destination, learnt MACs) inside the namespaces, and pings across the overlay.
 */
@NetNamespace("h1")
@NetNamespace("h2")
@VethPair(name = "eth0", namespace = "h1", address = "192.0.2.1/24", peer = "eth0", peerNamespace = "h2",
        peerAddress = "192.0.2.2/24")
class VxlanIT {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> vxlan(NetNs ns, String name) {
        List<Map<String, Object>> links = (List<Map<String, Object>>) Kernel.Json.parse(
                Kernel.nsenter(ns.path(), "ip", "-j", "-d", "link", "show", name));
        Map<String, Object> info = (Map<String, Object>) links.get(0).get("linkinfo");
        assertThat(info.get("info_kind")).isEqualTo("vxlan");
        return (Map<String, Object>) info.get("info_data");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fdb(NetNs ns, String dev) {
        return (List<Map<String, Object>>) Kernel.Json.parse(
                Kernel.nsenter(ns.path(), "bridge", "-j", "fdb", "show", "dev", dev));
    }

    private static String macOf(NetNs ns, String dev) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> links = (List<Map<String, Object>>) Kernel.Json.parse(
                Kernel.nsenter(ns.path(), "ip", "-j", "link", "show", dev));
        return (String) links.get(0).get("address");
    }

    @Test
    @Vxlan(name = "vx0", namespace = "h1", vni = 42, local = "192.0.2.1", remote = "192.0.2.2", device = "eth0",
            address = "10.80.0.1/24")
    @Vxlan(name = "vx0", namespace = "h2", vni = 42, local = "192.0.2.2", remote = "192.0.2.1", device = "eth0",
            address = "10.80.0.2/24")
    void unicastEndpointsCarryTheOverlayAndLearnTheFarMac(@Ns("h1") NetNs h1, @Ns("h2") NetNs h2) {
        Map<String, Object> data = vxlan(h1, "vx0");
        assertThat(data).containsEntry("id", 42L).containsEntry("local", "192.0.2.1")
                .containsEntry("remote", "192.0.2.2").containsEntry("link", "eth0").containsEntry("port", 4789L)
                .containsEntry("learning", true);
        // the kernel's default (MTU of eth0 minus 50 bytes of outer headers)
        assertThat(Kernel.nsenter(h1.path(), "ip", "-j", "link", "show", "vx0")).contains("\"mtu\":1450");
        // the default destination: every unknown MAC goes to the remote
        assertThat(fdb(h1, "vx0")).anySatisfy(e -> assertThat(e)
                .containsEntry("mac", "00:00:00:00:00:00").containsEntry("dst", "192.0.2.2"));

        assertThat(h1).canPing("10.80.0.2");

        // learning: h2's overlay MAC, learnt from the arriving frames, points at h2's underlay address
        String far = macOf(h2, "vx0");
        assertThat(fdb(h1, "vx0")).anySatisfy(e -> assertThat(e)
                .containsEntry("mac", far).containsEntry("dst", "192.0.2.2"));
        // the state dump (failure reports) shows the link and its forwarding database as bridge fdb would
        assertThat(h1.describe()).contains("type vxlan", "  vxlan fdb vx0:",
                "    00:00:00:00:00:00 dst 192.0.2.2 self permanent", "    " + far + " dst 192.0.2.2 self");
    }

    @Test
    @Vxlan(name = "vx0", namespace = "h1", vni = 7, remote = "192.0.2.2", port = 8472, learning = false,
            address = "10.80.0.1/24", mtu = 1400)
    @Vxlan(name = "vx0", namespace = "h2", vni = 7, remote = "192.0.2.1", port = 8472, learning = false,
            address = "10.80.0.2/24", mtu = 1400)
    void withoutLearningOnlyTheDefaultDestinationIsThere(@Ns("h1") NetNs h1, @Ns("h2") NetNs h2) {
        assertThat(vxlan(h2, "vx0")).containsEntry("port", 8472L).containsEntry("learning", false);
        assertThat(Kernel.nsenter(h2.path(), "ip", "-j", "link", "show", "vx0")).contains("\"mtu\":1400");
        assertThat(h1).canPing("10.80.0.2");
        assertThat(fdb(h1, "vx0")).extracting(e -> e.get("mac")).containsExactly("00:00:00:00:00:00");
    }

    @Test
    @Vxlan(name = "vx0", namespace = "h1", vni = 9, group = "239.1.1.1", device = "eth0", address = "10.80.0.1/24")
    @Vxlan(name = "vx0", namespace = "h2", vni = 9, group = "239.1.1.1", device = "eth0", address = "10.80.0.2/24")
    void aMulticastGroupFloodsToEveryMember(@Ns("h1") NetNs h1) {
        assertThat(vxlan(h1, "vx0")).containsEntry("group", "239.1.1.1").containsEntry("link", "eth0");
        assertThat(h1).canPing("10.80.0.2");
        // joined on the underlay: the kernel lists the group on eth0
        assertThat(Kernel.nsenter(h1.path(), "ip", "-j", "maddr", "show", "dev", "eth0")).contains("239.1.1.1");
    }
}
