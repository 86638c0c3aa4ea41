package io.github.netnsjunit.junit.trace;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A failed reachability assertion's report: the trace, the state, the diagrams (the down link and the hop where
 * the probe was lost marked) and the trace's pcaps, written under the report directory and attached to the test
 * with {@code ExtensionContext.publishFile}.
 */
class FailureReportTraceIT {

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
              peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
    static class LinkDownTestCase {
        @Test
        void pingAcrossADownLink(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) {
            // veth1 down: ns1 loses the address's route, ns0's veth0 its carrier
            ns1.linkDown("veth1");
            assertThat(ns0).canPing("172.18.0.3");
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
              peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
    static class UnansweredTestCase {
        @Test
        void pingNobody(@Ns("ns1") NetNs ns1) {
            assertThat(ns1).canPing("172.18.0.9");
        }
    }

    private static EngineExecutionResults run(Class<?> fixture, Path reports, Path published) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Kit.INSIDE_KIT, "true")
                .configurationParameter("netns.junit.reportDirectory", reports.toString())
                .outputDirectoryCreator(new OutputDirectoryCreator() {
                    @Override
                    public Path getRootDirectory() {
                        return published;
                    }

                    @Override
                    public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
                        return Files.createDirectories(published.resolve(
                                Integer.toHexString(descriptor.getUniqueId().toString().hashCode())));
                    }
                })
                .selectors(selectClass(fixture))
                .execute();
    }

    @Test
    void theDiagramMarksTheDownLinkAndTheFilesArePublished(@TempDir Path reports, @TempDir Path published)
            throws Exception {
        EngineExecutionResults results = run(LinkDownTestCase.class, reports, published);
        results.testEvents().assertStatistics(s -> s.failed(1));
        Path dir = reports.resolve("LinkDownTestCase").resolve("pingAcrossADownLink_NetNs_NetNs");
        String mermaid = Files.readString(dir.resolve("topology.mmd"), StandardCharsets.UTF_8);
        assertThat(mermaid).contains("veth1<br/>172.18.0.3/24<br/>DOWN").contains("class ns1_veth1 down")
                .contains("classDef down");
        assertThat(Files.readString(dir.resolve("topology.dot"), StandardCharsets.UTF_8))
                .contains("veth1\\n172.18.0.3/24\\nDOWN\", color=red, style=dashed");
        assertThat(Files.readString(dir.resolve("trace.txt"), StandardCharsets.UTF_8))
                .contains("cause (link down): link veth0 in ns0 is up but has no carrier: its peer veth1 in ns1 is down");

        List<String> names = results.allEvents().stream()
                .flatMap(e -> e.getPayload(FileEntry.class).stream())
                .map(f -> f.getPath().getFileName().toString()).toList();
        assertThat(names).contains("state.txt", "trace.txt", "topology.mmd", "topology.dot");
        for (Event e : results.allEvents().list()) {
            e.getPayload(FileEntry.class).ifPresent(f -> assertThat(f.getPath()).exists().startsWith(published));
        }
    }

    @Test
    void theLostHopIsMarkedAndTheTracePcapsAreReadable(@TempDir Path reports, @TempDir Path published) {
        EngineExecutionResults results = run(UnansweredTestCase.class, reports, published);
        results.testEvents().assertStatistics(s -> s.failed(1));
        Path dir = reports.resolve("UnansweredTestCase").resolve("pingNobody_NetNs");
        String mermaid;
        try {
            mermaid = Files.readString(dir.resolve("topology.mmd"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        // the ARP requests left veth1 in ns1 and were last seen arriving on veth0 in ns0
        assertThat(mermaid).contains("probe lost here").contains("classDef lost");
        Path pcap = dir.resolve("trace-ns1-veth1.pcap");
        assertThat(pcap).exists();
        assertThat(Tcpdump.readUntimed(pcap))
                .anyMatch(l -> l.contains("ARP, Request who-has 172.18.0.9 tell 172.18.0.3"));
        List<String> published2 = results.allEvents().stream()
                .flatMap(e -> e.getPayload(FileEntry.class).stream())
                .map(f -> f.getPath().getFileName().toString()).toList();
        assertThat(published2).contains("trace-ns1-veth1.pcap");
    }
}
