package io.github.netnsjunit.junit.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyModelTest {

    private static final Origin ORIGIN = Origin.builder("namespace(\"ns0\")");

    @Test
    void emptyIsEmptyAndTouchesNothing() {
        assertThat(TopologyModel.EMPTY.isEmpty()).isTrue();
        assertThat(TopologyModel.EMPTY.touchesHost()).isFalse();
        assertThat(TopologyModel.EMPTY.namespaceNames()).isEmpty();
    }

    @Test
    void mergeConcatenatesThisFirst() {
        TopologyModel a = model(namespace("a"));
        TopologyModel b = model(namespace("b"), namespace("c"));

        assertThat(a.merge(b).namespaceNames()).containsExactly("a", "b", "c");
        assertThat(TopologyModel.EMPTY.merge(a)).isEqualTo(a);
    }

    @Test
    void touchesHostWhenAnySpecNamesIt() {
        BridgeSpec inHost = new BridgeSpec("br0", Namespaces.HOST, List.of(), ORIGIN);
        TopologyModel model = new TopologyModel(List.of(), List.of(), List.of(inHost), List.of(), List.of(), List.of());

        assertThat(model.touchesHost()).isTrue();
        assertThat(model.isEmpty()).isFalse();
    }

    @Test
    void isImmutableAndCopiesItsInputs() {
        List<NamespaceSpec> namespaces = new ArrayList<>(List.of(namespace("a")));
        TopologyModel model = model(namespaces.toArray(NamespaceSpec[]::new));
        namespaces.clear();

        assertThat(model.namespaces()).hasSize(1);
        assertThatThrownBy(() -> model.namespaces().add(namespace("b"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> model.namespaceNames().add("b")).isInstanceOf(UnsupportedOperationException.class);
        List<IpPrefix> addresses = new ArrayList<>(List.of(IpPrefix.parse("10.0.0.1/24")));
        BridgeSpec bridge = new BridgeSpec("br0", "a", addresses, ORIGIN);
        addresses.clear();
        assertThat(bridge.addresses()).hasSize(1);
    }

    @Test
    void sysctlsKeepTheirOrderAndCannotChange() {
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.ipv6.conf.all.forwarding", "1");
        sysctls.put("net.ipv4.ip_forward", "1");
        NamespaceSpec spec = new NamespaceSpec("ns0", true, sysctls, ORIGIN);
        sysctls.clear();

        assertThat(spec.sysctls().keySet()).containsExactly("net.ipv6.conf.all.forwarding", "net.ipv4.ip_forward");
        assertThatThrownBy(() -> spec.sysctls().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void originPrintsAnnotationOnElement() {
        assertThat(new Origin("@VethPair(name = \"veth0\")", "class com.example.SeedOneTest"))
                .hasToString("@VethPair(name = \"veth0\") on class com.example.SeedOneTest");
        assertThat(Origin.describe(TopologyModelTest.class)).isEqualTo("class " + TopologyModelTest.class.getName());
        assertThat(Origin.quote("a\"b")).isEqualTo("\"a\\\"b\"");
    }

    private static NamespaceSpec namespace(String name) {
        return new NamespaceSpec(name, true, Map.of(), ORIGIN);
    }

    private static TopologyModel model(NamespaceSpec... namespaces) {
        return new TopologyModel(List.of(namespaces), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
