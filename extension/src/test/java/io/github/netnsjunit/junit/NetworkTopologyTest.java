package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The programmatic builder, and the same validation as annotations get, with builder-shaped hints. */
class NetworkTopologyTest {

    private static final String HEADER = "Invalid network topology declared for class " + NetworkTopologyTest.class.getName();

    private static final NetworkTopology BRIDGED = NetworkTopology.builder()
            .namespace("ns0")
            .namespace("ns1", ns -> ns.loopback(false).sysctl("net.ipv4.ip_forward", "1"))
            .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("172.18.0.2/24").peerAddress("172.18.0.3/24")
                    .peerMaster("br0").mtu(1400).mac("02:00:00:00:00:01"))
            .bridge("br0", "ns1", "192.168.88.1/24")
            .route("ns0", "default", "172.18.0.3")
            .route("ns1", r -> r.to("10.0.0.0/8").dev("veth1"))
            .masquerade("ns1", "172.18.0.0/24", "br0")
            .portForward("ns1", "tcp", 8080, "172.18.0.2:80")
            .build();

    @Test
    void buildsTheSameModelAnAnnotationWould() {
        TopologyModel model = TestTopologies.validate(BRIDGED);

        assertThat(model.namespaceNames()).containsExactly("ns0", "ns1");
        assertThat(model.namespaces().get(1).loopback()).isFalse();
        assertThat(model.namespaces().get(1).sysctls()).isEqualTo(Map.of("net.ipv4.ip_forward", "1"));
        assertThat(model.veths().get(0).peerAddresses()).containsExactly(IpPrefix.parse("172.18.0.3/24"));
        assertThat(model.veths().get(0).mac()).isEqualTo(MacAddress.parse("02:00:00:00:00:01"));
        assertThat(model.veths().get(0).peerMaster()).isEqualTo("br0");
        assertThat(model.routes()).extracting(r -> r.to().toString()).containsExactly("0.0.0.0/0", "10.0.0.0/8");
        assertThat(model.masquerades()).hasSize(1);
        assertThat(model.portForwards().get(0).port()).isEqualTo(8080);
        assertThat(model.veths().get(0).origin()).isEqualTo(new Origin("veth(name = \"veth0\")", "NetworkTopology builder"));
    }

    @Test
    void peerMtuGivesTheOtherEndItsOwnMtu() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder().namespace("ns0").namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", o -> o.mtu(1500).peerMtu(1400)).build());
        assertThat(model.veths().get(0).mtu()).isEqualTo(1500);
        assertThat(model.veths().get(0).peerEndMtu()).isEqualTo(1400);
        assertThat(TestTopologies.validate(NetworkTopology.builder().namespace("ns0").namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", o -> o.mtu(1300)).build()).veths().get(0).peerEndMtu())
                .isEqualTo(1300);
    }

    @Test
    void remembersTheClassThatBuiltItAndIsAnImmutableValue() {
        NetworkTopology.Builder builder = NetworkTopology.builder().namespace("ns0");
        NetworkTopology first = builder.build();
        builder.namespace("ns1");

        assertThat(first.declaringClass()).contains(NetworkTopologyTest.class);
        assertThat(first.declarations().declarations()).hasSize(1);
        assertThat(first).isEqualTo(NetworkTopology.builder().namespace("ns0").build());
        assertThat(NetworkTopology.empty().isEmpty()).isTrue();
        assertThat(first).hasToString("NetworkTopology[\n  namespace(\"ns0\")\n]");
    }

    @Test
    void nullsAreRefusedAtOnceNamingTheParameter() {
        assertThatThrownBy(() -> NetworkTopology.builder().bridge("br0", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("namespace must not be null; use \"\" for none");
    }

    @Test
    void extensionKeepsTheTopologyItWasGiven() {
        assertThat(NetnsExtension.withTopology(BRIDGED).declaredTopology()).isSameAs(BRIDGED);
        assertThat(new NetnsExtension().declaredTopology().isEmpty()).isTrue();
    }

    @Test
    void unknownNamespaceHintsAtTheBuilderMethod() {
        NetworkTopology topology = NetworkTopology.builder()
                .namespace("ns0")
                .bridge("br0", "nsX")
                .build();

        assertThatThrownBy(() -> TestTopologies.validate(topology)).hasMessage(HEADER + " (1 problem):\n"
                + "  - bridge(name = \"br0\") on NetworkTopology builder: attribute 'namespace' names \"nsX\", which is "
                + "not declared. Declare it with .namespace(\"nsX\"), or use one of: \"ns0\", \"host\".");
    }

    @Test
    void unknownMasterHintsAtTheBuilderMethod() {
        NetworkTopology topology = NetworkTopology.builder()
                .namespace("ns0")
                .namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", v -> v.master("br0"))
                .build();

        assertThatThrownBy(() -> TestTopologies.validate(topology)).hasMessage(HEADER + " (1 problem):\n"
                + "  - veth(name = \"veth0\") on NetworkTopology builder: attribute 'master' names \"br0\", which is not "
                + "a bridge in namespace \"ns0\". Declare .bridge(\"br0\", \"ns0\"), or leave it empty to attach to no bridge.");
    }

    @Test
    void hostDeclaredNamesTheBuilderParameter() {
        NetworkTopology topology = NetworkTopology.builder().namespace("host").build();

        assertThatThrownBy(() -> TestTopologies.validate(topology)).hasMessage(HEADER + " (1 problem):\n"
                + "  - namespace(\"host\") on NetworkTopology builder: attribute 'name' is \"host\", which is reserved "
                + "for the JVM's own network namespace and cannot be declared. Remove this declaration to use the "
                + "JVM's namespace as \"host\", or choose another name for a fresh namespace.");
    }

    @Test
    void sysctlOutsideNetAndRouteWithoutViaOrDev() {
        NetworkTopology topology = NetworkTopology.builder()
                .namespace("ns0", ns -> ns.sysctl("vm.swappiness", "0"))
                .route("ns0", r -> r.to("10.0.0.0/8"))
                .build();

        assertThatThrownBy(() -> TestTopologies.validate(topology)).hasMessage(HEADER + " (2 problems):\n"
                + "  - namespace(\"ns0\") on NetworkTopology builder: attribute 'sysctl' has \"vm.swappiness=0\", whose "
                + "key \"vm.swappiness\" is not a network sysctl; only keys under \"net.\" belong to a network namespace. "
                + "Write e.g. \"net.ipv4.ip_forward=1\".\n"
                + "  - route(namespace = \"ns0\", to = \"10.0.0.0/8\") on NetworkTopology builder: attributes 'via' and "
                + "'dev' are both empty, so the kernel cannot tell where to send the packets. Give a gateway "
                + "(via = \"192.168.88.1\") or an output link (dev = \"veth0\").");
    }

    /** The example of the design brief, as written: its gateway is its own address and "gw" is never declared. */
    @Test
    void reportsEveryProblemOfALargerTopologyTogether() {
        NetworkTopology topology = NetworkTopology.builder()
                .namespace("ns0")
                .namespace("ns1", ns -> ns.loopback(false).sysctl("net.ipv4.ip_forward", "1"))
                .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("172.18.0.2/24").peerAddress("172.18.0.3/24")
                        .peerMaster("br0").mtu(1400).mac("02:00:00:00:00:01"))
                .bridge("br0", "ns1", "192.168.88.1/24")
                .route("ns1", "default", "192.168.88.1")
                .route("ns1", r -> r.to("10.0.0.0/8").dev("veth1"))
                .masquerade("gw", "192.168.88.0/24", "uplink")
                .portForward("gw", "tcp", 8080, "192.168.88.12:80")
                .build();

        assertThatThrownBy(() -> TestTopologies.validate(topology))
                .isInstanceOfSatisfying(TopologyDeclarationException.class, e -> assertThat(e.problems()).containsExactly(
                        "route(namespace = \"ns1\", to = \"default\") on NetworkTopology builder: attribute 'via' is "
                                + "\"192.168.88.1\", an address of namespace \"ns1\" itself. A gateway is a neighbour on a "
                                + "connected network, e.g. the address of the bridge or of the veth peer.",
                        "masquerade(namespace = \"gw\", source = \"192.168.88.0/24\") on NetworkTopology builder: attribute "
                                + "'namespace' names \"gw\", which is not declared. Declare it with .namespace(\"gw\"), or "
                                + "use one of: \"ns0\", \"ns1\", \"host\".",
                        "portForward(namespace = \"gw\", protocol = \"tcp\", port = 8080) on NetworkTopology builder: "
                                + "attribute 'namespace' names \"gw\", which is not declared. Declare it with "
                                + ".namespace(\"gw\"), or use one of: \"ns0\", \"ns1\", \"host\"."));
    }

    @NetNamespace("ns0")
    static class AnnotatedTestCase {
    }

    @Test
    void annotationsAndBuilderAreValidatedTogether() {
        NetworkTopology topology = NetworkTopology.builder()
                .namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1")
                .namespace("ns0")
                .build();

        assertThat(TestTopologies.readAndValidate(AnnotatedTestCase.class, Optional.empty(),
                NetworkTopology.builder().veth("veth0", "ns0", "veth1", "host").build()).veths()).hasSize(1);
        assertThatThrownBy(() -> TestTopologies.readAndValidate(AnnotatedTestCase.class, Optional.empty(), topology))
                .isInstanceOfSatisfying(TopologyDeclarationException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Invalid network topology declared for class " + AnnotatedTestCase.class.getName() + " (1 problem):\n"
                                + "  - namespace(\"ns0\") on NetworkTopology builder: attribute 'name' declares namespace "
                                + "\"ns0\" a second time; it is already declared by @NetNamespace(\"ns0\") on class "
                                + AnnotatedTestCase.class.getName() + ". Remove one of the declarations, or give this one "
                                + "another name."));
    }

    @Test
    void toStringListsDeclarations() {
        assertThat(BRIDGED.declarations().declarations().stream().map(d -> d.origin().annotation())
                .collect(Collectors.toList())).startsWith("namespace(\"ns0\")", "namespace(\"ns1\")",
                "veth(name = \"veth0\")", "bridge(name = \"br0\")");
        assertThat(List.of(BRIDGED.toString().split("\n"))).hasSize(10);
    }
}
