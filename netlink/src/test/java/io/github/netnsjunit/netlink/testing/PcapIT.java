package io.github.netnsjunit.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.capture.PacketCapture;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The fixtures' pcap reader agrees with tcpdump on real captures, packet by packet. */
class PcapIT {
    @RegisterExtension
    final LinkedPair pair = new LinkedPair();
    private final NamespaceHandle a = pair.a();
    private final NamespaceHandle b = pair.b();

    @Test
    void readsEthernetCapturesLikeTcpdump(@TempDir Path dir) {
        Path file = dir.resolve("v1.pcap");
        try (PacketCapture capture = PacketCapture.start(b, List.of("v1"), file)) {
            Oracle.run(a, "ping", "-c", "2", "-i", "0.2", "10.9.0.2");
            // a TCP SYN to a port nobody listens on, answered by RST
            Oracle.run(a, "sh", "-c", "timeout 3 bash -c 'exec 3<>/dev/tcp/10.9.0.2/7' ; true");
        }
        List<Pcap.Packet> packets = Pcap.read(file);
        List<String> tcpdump = Oracle.runOnHost("tcpdump", "-n", "-r", file.toString()).lines().toList();

        assertThat(packets).hasSameSizeAs(tcpdump).allMatch(p -> p.linkType() == Pcap.LINKTYPE_ETHERNET);
        for (int i = 0; i < packets.size(); i++) {
            Pcap.Packet p = packets.get(i);
            String line = tcpdump.get(i);
            // the same packet: tcpdump prints the addresses (IPv4, IPv6, ARP) in the same order
            p.ip().ifPresent(ip -> assertThat(line).as(p.summary()).contains(ip.source()).contains(ip.destination()));
            p.arp().ifPresent(arp -> assertThat(line).as(p.summary()).contains("ARP, ").contains(arp.operation() == 1
                    ? "Request who-has " + arp.target() + " tell " + arp.sender() : "Reply " + arp.sender() + " is-at"));
            p.tcp().ifPresent(tcp -> assertThat(line).as(p.summary())
                    .contains("." + tcp.sourcePort() + " > ").contains("." + tcp.destinationPort() + ": Flags "
                            + tcp.flagNames()));
        }
        assertThat(packets.stream().map(Pcap.Packet::summary))
                .filteredOn(s -> s.startsWith("IP 10.9.0.1 > 10.9.0.2: icmp type 8")).hasSize(2);
        assertThat(packets.stream().map(Pcap.Packet::summary))
                .filteredOn(s -> s.startsWith("IP 10.9.0.2 > 10.9.0.1: icmp type 0")).hasSize(2);
        assertThat(packets).anyMatch(p -> p.tcp().filter(Pcap.Tcp::isSyn).filter(t -> t.destinationPort() == 7)
                .isPresent());
        assertThat(packets.stream().flatMap(p -> p.ipv4Addresses().stream()).distinct())
                .containsExactlyInAnyOrder("10.9.0.1", "10.9.0.2");
    }

    @Test
    void readsCookedCapturesOfAWholeNamespace(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("any.pcap");
        try (PacketCapture capture = PacketCapture.start(b, List.of(), file)) {
            Oracle.run(a, "ping", "-c", "1", "10.9.0.2");
            Oracle.run(b, "ping", "-c", "1", "127.0.0.1");
        }
        List<Pcap.Packet> packets = Pcap.read(file);
        List<String> tcpdump = Oracle.runOnHost("tcpdump", "-n", "-r", file.toString()).lines().toList();
        assertThat(packets).hasSameSizeAs(tcpdump).allMatch(p -> p.linkType() == Pcap.LINKTYPE_LINUX_SLL);
        assertThat(packets.stream().map(Pcap.Packet::summary))
                .filteredOn(s -> s.startsWith("IP 127.0.0.1 > 127.0.0.1: icmp type 8")).hasSize(2); // lo: out and in
        assertThat(packets.stream().map(Pcap.Packet::summary))
                .filteredOn(s -> s.startsWith("IP 10.9.0.1 > 10.9.0.2: icmp type 8")).hasSize(1);
        assertThat(Files.size(file)).isGreaterThan(24);
    }
}
