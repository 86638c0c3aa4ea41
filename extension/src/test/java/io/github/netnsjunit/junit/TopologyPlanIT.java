package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TopologyPlan} outside JUnit's extension: validated once, built several times, each build new namespaces
 * with what was declared (checked with {@code ip -j addr} inside, and /proc/thread-self/ns/net), closed completely.
 */
class TopologyPlanIT {
    private static final NetworkTopology PAIR = NetworkTopology.builder()
            .namespace("ns0")
            .namespace("ns1")
            .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("172.18.0.2/24").peerAddress("172.18.0.3/24"))
            .build();

    @Test
    void onePlanBuildsNewNamespacesEachTimeAndCloseRemovesThem() throws Exception {
        TopologyPlan plan = TopologyPlan.of(PAIR);
        String host = netns();
        String first;
        NamespaceHandle firstHandle;
        try (BuiltTopology t = plan.build()) {
            first = t.namespace("ns0").call(TopologyPlanIT::netns);
            firstHandle = t.handle("ns0");
            assertThat(first).startsWith("net:[").isNotEqualTo(host)
                    .isEqualTo(Files.readSymbolicLink(Path.of(t.namespace("ns0").path())).toString());
            assertThat(addresses(t.namespace("ns0").path())).contains("veth0 172.18.0.2/24");
            assertThat(addresses(t.namespace("ns1").path())).contains("veth1 172.18.0.3/24");
            assertThat(t.namespace("ns0").ping("172.18.0.3", 1, Duration.ofSeconds(2)).received()).isEqualTo(1);
            assertThat(t.namespaces()).extracting(NetNs::name).containsExactly("ns0", "ns1");
        }
        assertThat(firstHandle.isClosed()).isTrue();
        try (BuiltTopology t = plan.build(Duration.ofSeconds(3))) {
            String second = t.namespace("ns0").call(TopologyPlanIT::netns);
            assertThat(second).isNotEqualTo(host).isNotEqualTo(first);
            assertThat(addresses(t.namespace("ns0").path())).contains("veth0 172.18.0.2/24");
            t.close();
            t.close(); // again: nothing to do
        }
    }

    @Test
    void handleNamesTheNamespacesWhenThereIsNoneOfThatName() {
        try (BuiltTopology t = TopologyPlan.of(PAIR).build()) {
            assertThat(t.handle("ns1").name()).isEqualTo("ns1");
            assertThatThrownBy(() -> t.handle("nsX")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no namespace \"nsX\" in this topology; it has: ns0, ns1");
        }
    }

    @Test
    void everyProblemIsReportedBeforeAnythingIsBuilt() {
        NetworkTopology bad = NetworkTopology.builder().namespace("ns0").bridge("br0", "nsX").build();
        assertThatThrownBy(() -> TopologyPlan.of(bad)).isInstanceOf(TopologyDeclarationException.class)
                .hasMessageContaining("(1 problem):\n  - bridge(name = \"br0\") on NetworkTopology builder: attribute"
                        + " 'namespace' names \"nsX\", which is not declared. Declare it with .namespace(\"nsX\"),"
                        + " or use one of: \"ns0\", \"host\".");
    }

    @Test
    void theHostNamespaceIsLeftToTheExtensionAndItsHostLock() {
        NetworkTopology touchesHost = NetworkTopology.builder()
                .namespace("ns0")
                .veth("to-ns0", "host", "eth0", "ns0")
                .build();
        assertThatThrownBy(() -> TopologyPlan.of(touchesHost)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the topology uses the \"host\" namespace; a plan builds only new namespaces")
                .hasMessageContaining("Declare this topology on a test");
    }

    @Test
    void aReadyTimeoutMustBePositive() {
        TopologyPlan plan = TopologyPlan.of(PAIR);
        assertThatThrownBy(() -> plan.build(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readyTimeout must be positive, was PT0S");
        assertThat(plan.topology()).isSameAs(PAIR);
    }

    private static String netns() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    /** "ifname local/prefixlen" of every address in the namespace at {@code path}, by ip -j addr. */
    @SuppressWarnings("unchecked")
    private static List<String> addresses(String path) {
        return Kernel.ipAddr(path).stream()
                .flatMap(link -> ((List<Map<String, Object>>) link.get("addr_info")).stream()
                        .map(a -> link.get("ifname") + " " + a.get("local") + "/" + ((Number) a.get("prefixlen")).intValue()))
                .toList();
    }
}
