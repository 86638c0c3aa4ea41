package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.Capture;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetnsConfig;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Pcap;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Seed 4 as the seed does it: the bridge and the masquerade live in the machine's own namespace ({@code "host"}).
 * The internet is namespace {@code outside}, reached through a veth of ours, so every address the test uses has a
 * connected route on the host pointing at our own links and nothing follows the host's default route. Host-side
 * links get unique names, the nft table is owned by our socket, ip_forward is restored afterwards.
 *
 * <p>What left the host towards {@code outside} is recorded by the library itself: {@code @Capture} on the host end
 * of the uplink writes a pcap file (no tcpdump, no other program). Captures are kept for failing tests, or always
 * with {@code netns.junit.capture.keep=always}; to check the file after the capture has ended, this sample runs the
 * scenario ({@link UplinkTestCase}) through the JUnit Platform's {@code EngineTestKit} with that setting, finds the
 * file in the {@code netns-junit.capture} report entry, and reads it.
 */
class SeedFourHostUplinkSample {

    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @NetNamespace("outside")
    @Bridge(name = "br01", namespace = "host", address = "192.168.88.1/24")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24",
              peer = "br-veth01", peerNamespace = "host", peerMaster = "br01")
    @VethPair(name = "veth02", namespace = "ns02", address = "192.168.88.12/24",
              peer = "br-veth02", peerNamespace = "host", peerMaster = "br01")
    @Route(namespace = "ns01", to = "default", via = "192.168.88.1")
    @Route(namespace = "ns02", to = "default", via = "192.168.88.1")
    @VethPair(name = "eth0", namespace = "outside", address = "10.213.2.2/30",
              peer = "to-out", peerNamespace = "host", peerAddress = "10.213.2.1/30")
    @Masquerade(namespace = "host", source = "192.168.88.0/24", outInterface = "to-out")
    @Capture(namespace = "host", interfaces = "to-out")  // like tcpdump -i <our host end of the uplink> -w
    static class UplinkTestCase {
        @Test
        void namespacesBehindTheHostBridgeReachOutsideMasqueraded(Topology topology, @Ns("ns01") NetNs ns01,
                @Ns("ns02") NetNs ns02, @Ns("outside") NetNs outside, @Ns("host") NetNs host) throws Exception {
            assertThat(topology.linkName("host", "to-out")).matches("nj[0-9a-z]+-[0-9a-z]{4}");
            assertThat(ns01).canPing("192.168.88.12");
            try (PeerRecorder server = PeerRecorder.listen(outside, "10.213.2.2", 8080)) {
                assertThat(PeerRecorder.connect(ns01, "10.213.2.2", 8080)).isEqualTo("hello");
                assertThat(server.peerAddress()).isEqualTo("10.213.2.1");
            }
            try (PeerRecorder server = PeerRecorder.listen(ns02, "192.168.88.12", 8081)) {
                assertThat(PeerRecorder.connect(ns01, "192.168.88.12", 8081)).isEqualTo("hello");
                assertThat(server.peerAddress()).isEqualTo("192.168.88.11");
            }
            assertThat(host.sysctl("net.ipv4.ip_forward")).isEqualTo("1");
        }
    }

    @Test
    void namespacesBehindTheHostBridgeReachOutsideMasqueraded(@TempDir Path reports) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(UplinkTestCase.class))
                .configurationParameter(NetnsConfig.REPORT_DIRECTORY, reports.toString())
                .configurationParameter(NetnsConfig.CAPTURE_KEEP, "always")
                .execute();
        for (Event failed : results.testEvents().failed().list()) {
            throw new AssertionError("the scenario failed", failed.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable).orElse(null));
        }
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));

        List<String> pcaps = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs().get("netns-junit.capture"))
                .filter(p -> p != null).toList();
        assertThat(pcaps).singleElement().asString().endsWith("host-to-out.pcap");
        List<Pcap.Packet> packets = Pcap.read(Path.of(pcaps.get(0)));
        String shown = packets.stream().map(Pcap.Packet::summary).collect(Collectors.joining("\n"));

        // the oracle: what was on the wire on the host side of the uplink, towards "outside"
        assertThat(packets.stream().flatMap(p -> p.ipv4Addresses().stream()).distinct())
                .as("IPv4 addresses captured on the host side of the uplink:%n%s", shown)
                .contains("10.213.2.1", "10.213.2.2")
                .allMatch(ip -> ip.startsWith("10.213.2."), "is one of our uplink addresses");
        // ns01's connection left masqueraded: the SYN to outside:8080 came from the host's uplink address
        assertThat(packets).as(shown).anyMatch(p -> p.tcp().filter(Pcap.Tcp::isSyn)
                .filter(t -> t.destinationPort() == 8080).isPresent()
                && p.ip().orElseThrow().source().equals("10.213.2.1")
                && p.ip().orElseThrow().destination().equals("10.213.2.2"));
    }
}
