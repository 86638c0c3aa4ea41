package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Macvlans as container runtimes make them: on a "node" namespace's link to a LAN, each handed to its own container
 * namespace, in each of the four modes. Oracles: {@code ip -j -d link} inside the namespaces (kind, mode, parent,
 * MTU, MAC) and pings between the namespaces, whose outcome each mode decides.
 */
@NetNamespace("node")
@NetNamespace("lan")
@NetNamespace("c1")
@NetNamespace("c2")
@VethPair(name = "eth0", namespace = "node", peer = "eth0", peerNamespace = "lan", peerAddress = "10.71.0.1/24")
class MacvlanIT {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> link(NetNs ns, String name) {
        List<Map<String, Object>> links = (List<Map<String, Object>>) Kernel.Json.parse(
                Kernel.nsenter(ns.path(), "ip", "-j", "-d", "link", "show", name));
        return links.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> infoData(Map<String, Object> link) {
        Map<String, Object> info = (Map<String, Object>) link.get("linkinfo");
        assertThat(info.get("info_kind")).isEqualTo("macvlan");
        return (Map<String, Object>) info.get("info_data");
    }

    @Test
    @Macvlan(name = "mv0", namespace = "c1", parent = "eth0", parentNamespace = "node", address = "10.71.0.11/24")
    @Macvlan(name = "mv0", namespace = "c2", parent = "eth0", parentNamespace = "node", address = "10.71.0.12/24",
            mtu = 1400)
    void bridgeModeMacvlansReachTheLanAndEachOther(@Ns("c1") NetNs c1, @Ns("c2") NetNs c2, @Ns("node") NetNs node) {
        assertThat(c1).canPing("10.71.0.1").canPing("10.71.0.12");
        assertThat(c2).canPing("10.71.0.1");
        Map<String, Object> mv0 = link(c1, "mv0");
        assertThat(infoData(mv0).get("mode")).isEqualTo("bridge");
        assertThat(mv0.get("operstate")).isEqualTo("UP");
        // created on node's eth0 and handed to c1: ip names the parent by its ifindex in the other namespace
        assertThat(mv0.get("link_index")).isEqualTo(link(node, "eth0").get("ifindex"));
        assertThat(link(c2, "mv0").get("mtu")).isEqualTo(1400L);
        assertThat(link(c1, "mv0").get("mtu")).isEqualTo(1500L);
        // the parent's namespace keeps no macvlan of its own
        assertThat(Kernel.nsenter(node.path(), "ip", "-j", "link", "show", "type", "macvlan")).isEqualTo("[]\n");
        // the state dump (failure reports) shows it with its kind and its parent's ifindex, as ip link does
        assertThat(c1.describe()).containsPattern("mv0@if\\d+: <[A-Z,_]*UP[A-Z,_]*> mtu 1500 state UP type macvlan");
    }

    @Test
    @Macvlan(name = "mv0", namespace = "c1", parent = "eth0", parentNamespace = "node", mode = Macvlan.Mode.PRIVATE,
            address = "10.71.0.11/24")
    @Macvlan(name = "mv0", namespace = "c2", parent = "eth0", parentNamespace = "node", mode = Macvlan.Mode.PRIVATE,
            address = "10.71.0.12/24")
    void privateModeMacvlansReachOnlyTheLan(@Ns("c1") NetNs c1, @Ns("c2") NetNs c2) {
        assertThat(infoData(link(c1, "mv0")).get("mode")).isEqualTo("private");
        assertThat(c1).canPing("10.71.0.1").cannotPing("10.71.0.12");
        assertThat(c2).canPing("10.71.0.1");
    }

    @Test
    @Macvlan(name = "mv0", namespace = "c1", parent = "eth0", parentNamespace = "node", mode = Macvlan.Mode.VEPA,
            address = "10.71.0.11/24")
    @Macvlan(name = "mv0", namespace = "c2", parent = "eth0", parentNamespace = "node", mode = Macvlan.Mode.VEPA,
            address = "10.71.0.12/24")
    void vepaModeSendsEvenNeighboursOutThroughTheParent(@Ns("c1") NetNs c1, @Ns("c2") NetNs c2) {
        assertThat(infoData(link(c2, "mv0")).get("mode")).isEqualTo("vepa");
        assertThat(c1).canPing("10.71.0.1");
        // the frames to c2 leave through eth0; the LAN end is no switch that would reflect them (no hairpin)
        assertThat(c1).cannotPing("10.71.0.12");
    }

    @Test
    @Macvlan(name = "mv0", namespace = "c1", parent = "eth0", parentNamespace = "node", mode = Macvlan.Mode.PASSTHRU,
            address = "10.71.0.11/24")
    void passthruModeTakesOverTheParentsAddress(@Ns("c1") NetNs c1, @Ns("node") NetNs node) {
        Map<String, Object> mv0 = link(c1, "mv0");
        assertThat(infoData(mv0).get("mode")).isEqualTo("passthru");
        assertThat(mv0.get("address")).isEqualTo(link(node, "eth0").get("address"));
        assertThat(c1).canPing("10.71.0.1");
    }

    @Test
    @Macvlan(name = "mv0", namespace = "node", parent = "eth0", address = "10.71.0.10/24")
    void aMacvlanInItsParentsOwnNamespace(@Ns("node") NetNs node) {
        assertThat(infoData(link(node, "mv0")).get("mode")).isEqualTo("bridge");
        assertThat(link(node, "mv0").get("link")).isEqualTo("eth0");
        assertThat(node).canPing("10.71.0.1");
    }
}
