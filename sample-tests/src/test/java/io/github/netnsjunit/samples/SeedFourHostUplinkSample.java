package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seed 4 as the seed does it: the bridge and the masquerade live in the machine's own namespace ({@code "host"}).
 * The internet is namespace {@code outside}, reached through a veth of ours, so every address the test uses has a
 * connected route on the host pointing at our own links and nothing follows the host's default route. Host-side
 * links get unique names, the nft table is owned by our socket, ip_forward is restored afterwards.
 */
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
class SeedFourHostUplinkSample {
    private static final Pattern IPV4 = Pattern.compile("\\b(\\d+\\.\\d+\\.\\d+\\.\\d+)\\b");

    @Test
    void namespacesBehindTheHostBridgeReachOutsideMasqueraded(Topology topology, @Ns("ns01") NetNs ns01,
            @Ns("ns02") NetNs ns02, @Ns("outside") NetNs outside, @Ns("host") NetNs host) throws Exception {
        String uplink = topology.linkName("host", "to-out");
        assertThat(uplink).matches("nj[0-9a-z]+-[0-9a-z]{4}");
        Path pcap = Files.createTempFile("uplink", ".pcap");
        // the oracle: tcpdump on our host-side link records what left the host towards "outside"
        Path log = Files.createTempFile("uplink", ".log");
        Process tcpdump = new ProcessBuilder("tcpdump", "-n", "-U", "--immediate-mode", "-Z", "root", "-i", uplink, "-w", pcap.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitListening(log);
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
        } finally {
            Thread.sleep(200); // let tcpdump write what it has read before it is stopped
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);
        }
        String stats = Files.readString(log);
        Files.delete(log);
        Process read = new ProcessBuilder("tcpdump", "-n", "-r", pcap.toString()).redirectErrorStream(true).start();
        String packets = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        read.waitFor(5, TimeUnit.SECONDS);
        Files.delete(pcap);
        Matcher m = IPV4.matcher(packets);
        List<String> seen = m.results().map(r -> r.group(1)).distinct().toList();
        assertThat(seen).as("IPv4 addresses captured on the host side of the uplink:%n%s%n%s", packets, stats)
                .contains("10.213.2.1", "10.213.2.2").allMatch(ip -> ip.startsWith("10.213.2."), "is one of our uplink addresses");
    }

    private static void awaitListening(Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.readString(log).contains("listening on") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(Files.readString(log)).contains("listening on");
    }
}
