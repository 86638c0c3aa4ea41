package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.PortForward;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.testing.SeedFour;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Valid declarations, including the seeds' scenarios, and the exact model they produce. */
class ValidTopologiesTest {

    private static final String TEST = ValidTopologiesTest.class.getName();

    /** Seed 1: two namespaces joined by a veth pair. */
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
            peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
    static class SeedOneTestCase {
    }

    @Test
    void seedOneVethPairBetweenTwoNamespaces() {
        TopologyModel model = TestTopologies.readAndValidate(SeedOneTestCase.class, Optional.empty());

        String on = " on class " + TEST + "$SeedOneTestCase";
        assertThat(model).isEqualTo(new TopologyModel(
                List.of(new NamespaceSpec("ns0", true, Map.of(), origin("@NetNamespace(\"ns0\")" + on)),
                        new NamespaceSpec("ns1", true, Map.of(), origin("@NetNamespace(\"ns1\")" + on))),
                List.of(new VethSpec("veth0", "ns0", List.of(IpPrefix.parse("172.18.0.2/24")),
                        "veth1", "ns1", List.of(IpPrefix.parse("172.18.0.3/24")), "", "", 0, null, null,
                        origin("@VethPair(name = \"veth0\")" + on))),
                List.of(), List.of(), List.of(), List.of()));
        assertThat(model.touchesHost()).isFalse();
    }

    /** Seed 4: a bridge as the switch of two namespaces, each routing by default through it. */
    @SeedFour
    static class SeedFourTestCase {
    }

    @Test
    void seedFourBridgeWithDefaultRoutes() {
        TopologyModel model = TestTopologies.readAndValidate(SeedFourTestCase.class, Optional.empty());

        String on = " on meta-annotation @SeedFour on class " + TEST + "$SeedFourTestCase";
        assertThat(model.namespaceNames()).containsExactly("sw", "ns01", "ns02");
        assertThat(model.bridges()).containsExactly(new BridgeSpec("br01", "sw",
                List.of(IpPrefix.parse("192.168.88.1/24")), origin("@Bridge(name = \"br01\")" + on)));
        assertThat(model.veths()).containsExactly(
                new VethSpec("veth01", "ns01", List.of(IpPrefix.parse("192.168.88.11/24")), "br-veth01", "sw",
                        List.of(), "", "br01", 0, null, null, origin("@VethPair(name = \"veth01\")" + on)),
                new VethSpec("veth02", "ns02", List.of(IpPrefix.parse("192.168.88.12/24")), "br-veth02", "sw",
                        List.of(), "", "br01", 0, null, null, origin("@VethPair(name = \"veth02\")" + on)));
        assertThat(model.routes()).containsExactly(
                new RouteSpec("ns01", IpPrefix.parse("0.0.0.0/0"), IpAddresses.parse("192.168.88.1"), "",
                        origin("@Route(namespace = \"ns01\", to = \"default\")" + on)),
                new RouteSpec("ns02", IpPrefix.parse("0.0.0.0/0"), IpAddresses.parse("192.168.88.1"), "",
                        origin("@Route(namespace = \"ns02\", to = \"default\")" + on)));
        assertThat(model.masquerades()).isEmpty();
        assertThat(model.portForwards()).isEmpty();
    }

    /** The JVM's namespace has links we do not declare (eth0, docker0): they are not checked. */
    @NetNamespace(value = "gw", loopback = false, sysctl = {"net.ipv4.ip_forward = 1", "net.ipv6.conf.all.forwarding=1"})
    @VethPair(name = "uplink", namespace = "gw", address = {"10.200.0.2/30", "fd00:200::2/64"}, mtu = 1400,
            mac = "02:00:00:00:00:01", peer = "nsj-gw", peerNamespace = "host", peerMaster = "docker0",
            peerAddress = "10.200.0.1/30", peerMac = "02:00:00:00:00:02")
    @Route(namespace = "gw", via = "10.200.0.1")
    @Route(namespace = "gw", via = "fd00:200::1")
    @Route(namespace = "gw", to = "10.10.0.0/16", dev = "uplink")
    @Route(namespace = "host", to = "192.168.88.0/24", dev = "eth0")
    @Masquerade(namespace = "host", source = "10.200.0.0/30", outInterface = "eth0")
    @PortForward(namespace = "gw", protocol = "udp", port = 53, to = "[fd00:200::1]:5353", inInterface = "uplink")
    static class GatewayTestCase {
    }

    @Test
    void hostReferencesIpv6DefaultsAndDeviceRoutes() {
        TopologyModel model = TestTopologies.readAndValidate(GatewayTestCase.class, Optional.empty());

        assertThat(model.touchesHost()).isTrue();
        assertThat(model.namespaces().get(0).loopback()).isFalse();
        assertThat(model.namespaces().get(0).sysctls())
                .containsExactly(Map.entry("net.ipv4.ip_forward", "1"), Map.entry("net.ipv6.conf.all.forwarding", "1"));
        VethSpec uplink = model.veths().get(0);
        assertThat(uplink.mtu()).isEqualTo(1400);
        assertThat(uplink.mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:01"));
        assertThat(uplink.peerMaster()).isEqualTo("docker0");
        assertThat(model.routes()).extracting(r -> r.to().toString(), r -> String.valueOf(r.via()), RouteSpec::dev)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("0.0.0.0/0", "/10.200.0.1", ""),
                        org.assertj.core.groups.Tuple.tuple("::/0", "/fd00:200:0:0:0:0:0:1", ""),
                        org.assertj.core.groups.Tuple.tuple("10.10.0.0/16", "null", "uplink"),
                        org.assertj.core.groups.Tuple.tuple("192.168.88.0/24", "null", "eth0"));
        assertThat(model.masquerades().get(0).source()).isEqualTo(IpPrefix.parse("10.200.0.0/30"));
        PortForwardSpec forward = model.portForwards().get(0);
        assertThat(forward.to()).isEqualTo(new InetSocketAddress(IpAddresses.parse("fd00:200::1"), 5353));
        assertThat(forward.to().isUnresolved()).isFalse();
        assertThat(forward.protocol()).isEqualTo("udp");
    }

    @Test
    void namespaceReferencesOutsideTheTopologyAreCheckedWithTheSameWords() {
        TopologyModel model = TestTopologies.readAndValidate(SeedOneTestCase.class, Optional.empty());
        Origin origin = new Origin("@InNamespace(\"ns2\")", "method SeedOneTest.pings()");

        assertThat(TopologyModels.checkNamespaceReference(model, "ns1", origin, "value")).isEmpty();
        assertThat(TopologyModels.checkNamespaceReference(model, "host", origin, "value")).isEmpty();
        assertThat(TopologyModels.checkNamespaceReference(model, "ns2", origin, "value")).contains(
                "@InNamespace(\"ns2\") on method SeedOneTest.pings(): attribute 'value' names \"ns2\", which is not "
                        + "declared. Declare it with @NetNamespace(\"ns2\"), or use one of: \"ns0\", \"ns1\", \"host\".");
    }

    private static Origin origin(String text) {
        int on = text.indexOf(" on ");
        return new Origin(text.substring(0, on), text.substring(on + 4));
    }
}
