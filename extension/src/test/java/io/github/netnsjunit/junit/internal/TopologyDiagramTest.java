package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netnsjunit.junit.DiagramFormat;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.testing.SeedFour;
import io.github.netnsjunit.netlink.testing.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mermaid and DOT renderings of declared topologies, compared as text. */
class TopologyDiagramTest {

    /** Seed 4: a bridge as the switch of two namespaces, each routing by default through it. */
    @SeedFour
    static class SeedFourTestCase {
    }

    private static final TopologyModel SEED_FOUR = TestTopologies.readAndValidate(SeedFourTestCase.class, Optional.empty());

    @Test
    void seedFourAsMermaid() {
        assertThat(TopologyDiagram.render(SEED_FOUR, DiagramFormat.MERMAID)).isEqualTo("""
                flowchart LR
                  subgraph ns_sw["netns sw"]
                    sw_br01{{"br01 (bridge)<br/>192.168.88.1/24"}}
                    sw_br_veth01["br-veth01"]
                    sw_br_veth02["br-veth02"]
                  end
                  subgraph ns_ns01["netns ns01"]
                    ns01_veth01["veth01<br/>192.168.88.11/24"]
                    ns01_rules[/"default via 192.168.88.1"/]
                  end
                  subgraph ns_ns02["netns ns02"]
                    ns02_veth02["veth02<br/>192.168.88.12/24"]
                    ns02_rules[/"default via 192.168.88.1"/]
                  end
                  ns01_veth01 ---|veth| sw_br_veth01
                  ns02_veth02 ---|veth| sw_br_veth02
                  sw_br_veth01 -.-|port| sw_br01
                  sw_br_veth02 -.-|port| sw_br01
                """);
    }

    @Test
    void seedFourAsDot() {
        assertThat(TopologyDiagram.render(SEED_FOUR, DiagramFormat.DOT)).isEqualTo("""
                graph topology {
                  rankdir=LR;
                  node [shape=box];
                  subgraph cluster_ns_sw {
                    label="netns sw";
                    sw_br01 [label="br01 (bridge)\\n192.168.88.1/24", shape=hexagon];
                    sw_br_veth01 [label="br-veth01"];
                    sw_br_veth02 [label="br-veth02"];
                  }
                  subgraph cluster_ns_ns01 {
                    label="netns ns01";
                    ns01_veth01 [label="veth01\\n192.168.88.11/24"];
                    ns01_rules [label="default via 192.168.88.1", shape=note];
                  }
                  subgraph cluster_ns_ns02 {
                    label="netns ns02";
                    ns02_veth02 [label="veth02\\n192.168.88.12/24"];
                    ns02_rules [label="default via 192.168.88.1", shape=note];
                  }
                  ns01_veth01 -- sw_br_veth01 [label="veth"];
                  ns02_veth02 -- sw_br_veth02 [label="veth"];
                  sw_br_veth01 -- sw_br01 [label="port", style=dashed];
                  sw_br_veth02 -- sw_br01 [label="port", style=dashed];
                }
                """);
    }

    /** Names that differ only in characters ids cannot hold get distinct ids; host, NAT and dev routes appear. */
    @Test
    void idsStayUniqueAndHostAndNatAreDrawn() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder()
                .namespace("a-b")
                .namespace("a_b")
                .veth("x.1", "a-b", "x_1", "a_b", v -> v.address("10.0.0.1/24").peerAddress("10.0.0.2/24"))
                .veth("up0", "a-b", "up1", "host", v -> v.address("10.1.0.2/24").peerAddress("10.1.0.1/24"))
                .route("a-b", r -> r.to("10.9.0.0/16").dev("x.1"))
                .masquerade("host", "10.1.0.0/24", "")
                .build());

        String mermaid = TopologyDiagram.render(model, DiagramFormat.MERMAID);

        assertThat(mermaid).contains("a_b_x_1[\"x.1<br/>10.0.0.1/24\"]", "a_b_x_1_2[\"x_1<br/>10.0.0.2/24\"]",
                "subgraph ns_a_b[\"netns a-b\"]", "subgraph ns_a_b_2[\"netns a_b\"]",
                "a_b_rules[/\"10.9.0.0/16 dev x.1\"/]", "subgraph ns_host[\"netns host\"]",
                "host_rules[/\"masquerade 10.1.0.0/24\"/]",
                "a_b_x_1 ---|veth| a_b_x_1_2", "a_b_up0 ---|veth| host_up1");
        assertThat(mermaid.lines().filter(l -> l.trim().equals("end"))).hasSize(3);
    }

    /** A macvlan and a VXLAN link: their kind in the title, a dashed edge to what they sit on, the VNI between hosts. */
    @Test
    void stackedLinksAreDrawnOnTheirLowerLinks() {
        TopologyModel model = TestTopologies.validate(NetworkTopology.builder()
                .namespace("h1").namespace("h2").namespace("c1")
                .veth("eth0", "h1", "eth0", "h2", v -> v.address("192.0.2.1/24").peerAddress("192.0.2.2/24"))
                .macvlan("mv0", "c1", "eth0", m -> m.parentNamespace("h1").address("10.0.0.11/24"))
                .vxlan("vx0", "h1", 42, x -> x.remote("192.0.2.2").device("eth0"))
                .vxlan("vx0", "h2", 42, x -> x.remote("192.0.2.1").device("eth0"))
                .build());

        String mermaid = TopologyDiagram.render(model, DiagramFormat.MERMAID);

        assertThat(mermaid).contains("c1_mv0[\"mv0 (macvlan bridge)<br/>10.0.0.11/24\"]",
                "h1_vx0[\"vx0 (vxlan 42)\"]", "c1_mv0 -.-|macvlan| h1_eth0", "h1_vx0 -.-|vxlan| h1_eth0",
                "h1_vx0 ---|vni 42| h2_vx0");
    }

    /** The DOT is well formed: balanced braces, statements end with ';', every edge joins declared nodes. */
    @Test
    void dotHasTheShapeGraphvizExpects() {
        String dot = TopologyDiagram.render(SEED_FOUR, DiagramFormat.DOT);

        assertThat(dot.chars().filter(c -> c == '{').count()).isEqualTo(dot.chars().filter(c -> c == '}').count());
        assertThat(dot.lines().map(String::trim)
                .filter(l -> !l.endsWith("{") && !l.equals("}")))
                .allMatch(l -> l.endsWith(";"));
        assertThat(dot.lines().map(String::trim).filter(l -> l.contains(" -- ")))
                .allMatch(l -> dot.contains("    " + l.split(" ")[0] + " [") && dot.contains("    " + l.split(" ")[2] + " ["));
    }

    /**
     * Graphviz itself renders the DOT. Without Graphviz the test is skipped, visibly, naming what is missing; the
     * shape checks above run anyway.
     */
    @Test
    void graphvizRendersTheDot(@TempDir Path dir) throws Exception {
        assumeTrue(dotInstalled(), "Graphviz is not installed (no 'dot' on the PATH): apt-get install graphviz to run"
                + " this check");
        Path file = Files.writeString(dir.resolve("t.dot"), TopologyDiagram.render(SEED_FOUR, DiagramFormat.DOT),
                StandardCharsets.UTF_8);
        Path svg = dir.resolve("t.svg");
        Processes.Result result = Processes.exec(List.of("dot", "-Tsvg", "-o", svg.toString(), file.toString()),
                Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stderr()).as("Graphviz warnings").isEmpty();
        assertThat(Files.readString(svg)).contains("<svg", "br01", "192.168.88.1/24");
    }

    private static boolean dotInstalled() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "dot")));
    }
}
