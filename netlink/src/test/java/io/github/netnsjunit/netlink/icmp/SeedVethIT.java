package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.capture.PacketCapture;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import io.github.netnsjunit.netlink.testing.Veths;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 3 (veth basics): a veth pair with both ends in one namespace. With an address on v0 only, a ping from v0
 * to 192.168.2.1 is answered by nobody, and v1 sees only ARP requests; once v1 owns 192.168.2.1, a ping bound to
 * v0 (like {@code ping -I veth0}) leaves through the pair and is answered.
 */
class SeedVethIT {

    @Test
    void pingThroughAVethPairInOneNamespace(@TempDir Path dir) throws Exception {
        try (NamespaceHandle ns = NamespaceHandle.create("seed3")) {
            Oracle.run(ns, "ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            Oracle.run(ns, "ip", "addr", "add", "192.168.2.11/24", "dev", "v0");
            Oracle.run(ns, "ip", "link", "set", "lo", "up");
            Oracle.run(ns, "ip", "link", "set", "v0", "up");
            Oracle.run(ns, "ip", "link", "set", "v1", "up");
            Veths.awaitUp(ns, "v0");
            Veths.awaitUp(ns, "v1");
            InetAddress peer = InetAddress.getByName("192.168.2.1");

            Path unanswered = dir.resolve("v1-unanswered.pcap");
            PingReport silent;
            try (PacketCapture capture = PacketCapture.start(ns, List.of("v1"), unanswered)) {
                assertThat(capture.file()).isEqualTo(unanswered);
                silent = IcmpEcho.ping(ns, peer, 3, Duration.ofMillis(500), Duration.ofMillis(200), "v0");
            }
            System.out.println(silent);
            assertThat(silent.sent()).isEqualTo(3);
            assertThat(silent.received()).isZero();
            List<String> arpOnly = Tcpdump.read(unanswered);
            arpOnly.forEach(System.out::println);
            // IPv6 multicast listener reports of the new links are noise the seed's host had too; IPv4 is all ARP
            assertThat(arpOnly.stream().filter(l -> !l.contains(" IP6 ")).toList()).isNotEmpty()
                    .allMatch(l -> l.contains("ARP, Request who-has 192.168.2.1 tell 192.168.2.11"));

            Oracle.run(ns, "ip", "addr", "add", "192.168.2.1/24", "dev", "v1");
            // as the seed says: some distributions need these for v1 to answer ARP and accept a local source
            for (String dev : List.of("v0", "v1")) {
                ns.sysctl("net/ipv4/conf/" + dev + "/accept_local", "1");
                ns.sysctl("net/ipv4/conf/" + dev + "/rp_filter", "0");
            }
            ns.sysctl("net.ipv4.conf.all.rp_filter", "0");

            Path answered = dir.resolve("v1-answered.pcap");
            PingReport through;
            try (PacketCapture capture = PacketCapture.start(ns, List.of("v1"), answered)) {
                assertThat(capture.file()).isEqualTo(answered);
                through = IcmpEcho.ping(ns, peer, 4, Duration.ofSeconds(2), Duration.ofMillis(50), "v0");
            }
            System.out.println(through);
            assertThat(through.received()).isEqualTo(4);
            List<String> lines = Tcpdump.read(answered);
            lines.forEach(System.out::println);
            // the requests cross the pair; the replies go to a local address, hence through lo, not v1
            // (the first ping's requests may show up too: they waited in the ARP queue until v1 got its address)
            String ours = "192.168.2.11 > 192.168.2.1: ICMP echo request, id " + through.identifier() + ", seq ";
            assertThat(lines.stream().filter(l -> l.contains(ours))).hasSize(4);
            assertThat(lines).noneMatch(l -> l.contains("echo reply"));
        }
        assertThat(Veths.netnsThreads()).isEmpty();
    }
}
