package io.github.netnsjunit.netlink.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.icmp.IcmpEcho;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.sys.SyscallException;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import io.github.netnsjunit.netlink.testing.Veths;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PacketCaptureIT {
    @RegisterExtension
    final LinkedPair pair = new LinkedPair();
    private final NamespaceHandle a = pair.a();
    private final NamespaceHandle b = pair.b();

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    @Test
    void capturesBothDirectionsOfOneInterfaceAsEthernet(@TempDir Path dir) {
        Path file = dir.resolve("v1.pcap");
        long packets;
        try (PacketCapture capture = PacketCapture.start(b, List.of("v1"), file)) {
            assertThat(Veths.netnsThreads()).contains("netns-capture-b-v1");
            Oracle.run(a, "ping", "-c", "3", "-i", "0.2", "10.9.0.2");
            packets = capture.stop();
            assertThat(capture.drops()).isZero();
        }
        List<String> lines = Tcpdump.read(file);
        lines.forEach(System.out::println);
        assertThat(count(lines, "IP 10.9.0.1 > 10.9.0.2: ICMP echo request")).isEqualTo(3);
        assertThat(count(lines, "IP 10.9.0.2 > 10.9.0.1: ICMP echo reply")).isEqualTo(3);
        assertThat(count(lines, "ARP, Request who-has 10.9.0.2 tell 10.9.0.1")).isPositive();
        assertThat(lines).hasSize((int) packets);
        assertThat(Oracle.runOnHost("tcpdump", "-r", file.toString(), "-c", "1").isEmpty()).isFalse();
    }

    @Test
    void capturesAllInterfacesOfTheNamespaceAsCookedFrames(@TempDir Path dir) {
        Path file = dir.resolve("any.pcap");
        try (PacketCapture capture = PacketCapture.start(b, List.of(), file)) {
            assertThat(capture.file()).isEqualTo(file);
            Oracle.run(a, "ping", "-c", "2", "-i", "0.2", "10.9.0.2");
            Oracle.run(b, "ping", "-c", "1", "127.0.0.1");
        }
        List<String> lines = Oracle.runOnHost("tcpdump", "-e", "-n", "-r", file.toString()).lines().toList();
        lines.forEach(System.out::println);
        // LINUX_SLL carries the direction, shown by tcpdump -e
        assertThat(lines).anyMatch(l -> l.contains("In ") && l.contains("10.9.0.1 > 10.9.0.2: ICMP echo request"));
        assertThat(lines).anyMatch(l -> l.contains("Out ") && l.contains("10.9.0.2 > 10.9.0.1: ICMP echo reply"));
        assertThat(count(lines, "10.9.0.1 > 10.9.0.2: ICMP echo request")).isEqualTo(2);
        assertThat(count(lines, "10.9.0.2 > 10.9.0.1: ICMP echo reply")).isEqualTo(2);
        assertThat(count(lines, "127.0.0.1 > 127.0.0.1: ICMP echo request")).isEqualTo(2); // lo: out and in
    }

    @Test
    void capturesSeveralNamedInterfacesOnlyInOneFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lo-v1.pcap");
        Oracle.run(b, "ip", "link", "add", "d0", "type", "veth", "peer", "name", "d1");
        Oracle.run(b, "ip", "addr", "add", "10.5.0.1/24", "dev", "d0");
        Oracle.run(b, "ip", "link", "set", "d0", "up");
        Oracle.run(b, "ip", "link", "set", "d1", "up");
        Veths.awaitUp(b, "d0");
        try (PacketCapture capture = PacketCapture.start(b, List.of("lo", "v1"), file)) {
            assertThat(capture.file()).isEqualTo(file);
            assertThat(Veths.netnsThreads()).contains("netns-capture-b-lo+v1");
            Oracle.run(a, "ping", "-c", "1", "10.9.0.2");
            Oracle.run(b, "ping", "-c", "1", "127.0.0.1");
            // its ARP requests leave through d0, which is not captured
            IcmpEcho.ping(b, InetAddress.getByName("10.5.0.2"), 1, Duration.ofMillis(200), Duration.ZERO);
        }
        List<String> lines = Tcpdump.read(file);
        lines.forEach(System.out::println);
        assertThat(count(lines, "10.9.0.1 > 10.9.0.2: ICMP echo request")).isEqualTo(1);
        assertThat(count(lines, "127.0.0.1 > 127.0.0.1: ICMP echo request")).isEqualTo(2);
        assertThat(count(lines, "10.5.0.")).isZero();
    }

    @Test
    void emptyCaptureIsAValidFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("empty.pcap");
        Oracle.run(b, "ip", "link", "set", "v1", "down");
        try (PacketCapture capture = PacketCapture.start(b, List.of("v1"), file)) {
            assertThat(capture.packetCount()).isZero();
        }
        assertThat(Files.size(file)).isEqualTo(24);
        assertThat(Tcpdump.read(file)).isEmpty();
    }

    @Test
    void unknownInterfaceIsReportedAndNothingIsLeftBehind(@TempDir Path dir) {
        assertThatThrownBy(() -> PacketCapture.start(b, List.of("nope0"), dir.resolve("x.pcap")))
                .isInstanceOf(SyscallException.class)
                .hasMessageStartingWith("if_nametoindex(\"nope0\"): ENODEV");
        assertThat(Veths.netnsThreads()).containsExactly("netns-b");
    }
}
