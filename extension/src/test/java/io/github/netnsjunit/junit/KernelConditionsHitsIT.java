package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * What conditions of the kernel engine hit (issue 20 item 3): a plain veth (no {@code @LinkConditions}, so no relay)
 * whose conditions are a qdisc, counted from its counters, against {@code tc -s -j qdisc show} and a {@code tcpdump}
 * capture of the frames leaving the link. Filtered conditions count only the packets the u32 filters steer to their
 * htb class. netem is live only where the kernel has it.
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "10.64.0.1/24", peer = "veth1", peerNamespace = "ns1",
        peerAddress = "10.64.0.2/24")
class KernelConditionsHitsIT {
    private static final Pattern FRAME_LENGTH = Pattern.compile(", length (\\d+): ");

    @Test
    void aRateCountsWhatTcAndACaptureCount(@Ns("ns0") NetNs ns0, @TempDir Path dir) throws Exception {
        quiet(ns0);
        Path pcap = dir.resolve("out.pcap");
        Tcpdump tcpdump = Tcpdump.start(ns0.path(), "veth0", pcap, List.of("-Q", "out"));
        ns0.conditions("veth0").rate(10_000_000).apply(); // a rate alone: tbf, the kernel engine
        CountedFault conditions = ns0.conditionsInForce("veth0");
        assertThat(conditions).hasToString("conditions on veth0 in ns0 (packets leaving it): rate 10mbit");
        assertThat(ns0.ping("10.64.0.2", 5, Duration.ofSeconds(1)).received()).isEqualTo(5);
        Thread.sleep(100);
        Hits hits = conditions.hits();
        List<String> frames = tcpdump.settleAndStop("-e");

        String tc = Kernel.nsenter(ns0.path(), "tc", "-s", "-j", "qdisc", "show", "dev", "veth0");
        assertThat(tc).contains("\"kind\":\"tbf\"");
        assertThat(hits.packets()).isEqualTo(number(tc, "packets") + number(tc, "drops") + number(tc, "qlen"));
        assertThat(hits.bytes()).isEqualTo(number(tc, "bytes") + number(tc, "backlog"));
        long bytes = frames.stream().map(FRAME_LENGTH::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertThat(frames.stream().filter(l -> l.contains("ICMP echo request")).count()).isEqualTo(5);
        assertThat(hits).isEqualTo(new Hits(frames.size(), bytes, 0));
        assertThat(conditions).wasHit().hitAtLeast(5);

        // set again: the same tbf is changed in place (its counters go on), and the hits count from the new setting
        ns0.conditions("veth0").rate(20_000_000).apply();
        assertThat(number(Kernel.nsenter(ns0.path(), "tc", "-s", "-j", "qdisc", "show", "dev", "veth0"), "packets"))
                .isGreaterThanOrEqualTo(5);
        assertThat(conditions.hits()).isEqualTo(Hits.NONE);
        ns0.ping("10.64.0.2", 2, Duration.ofSeconds(1));
        assertThat(conditions.hits().packets()).isEqualTo(2);

        ns0.clearConditions("veth0");
        assertThat(conditions.hits()).isEqualTo(Hits.NONE);
    }

    @Test
    void filteredConditionsCountOnlyTheSteeredPackets(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1,
            @TempDir Path dir) throws Exception {
        quiet(ns0);
        ns0.ping("10.64.0.2", 1, Duration.ofSeconds(1)); // the neighbour resolved before counting
        ns0.conditions("veth0").rate(10_000_000).protocol(LinkConditions.Protocol.UDP).toPort(9000).apply();
        CountedFault conditions = ns0.conditionsInForce("veth0");
        Path pcap = dir.resolve("out.pcap");
        Tcpdump tcpdump = Tcpdump.start(ns0.path(), "veth0", pcap, List.of("-Q", "out"));
        ns0.call(() -> {
            try (DatagramSocket s = new DatagramSocket()) {
                for (int i = 0; i < 7; i++) {
                    s.send(new DatagramPacket(new byte[100], 100, new InetSocketAddress("10.64.0.2", 9000)));
                }
                for (int i = 0; i < 4; i++) {
                    s.send(new DatagramPacket(new byte[100], 100, new InetSocketAddress("10.64.0.2", 9001)));
                }
            }
            return null;
        });
        ns0.ping("10.64.0.2", 2, Duration.ofSeconds(1));
        Thread.sleep(100);
        Hits hits = conditions.hits();
        List<String> frames = tcpdump.settleAndStop("-e");

        List<String> toPort9000 = frames.stream().filter(l -> l.contains("10.64.0.2.9000: UDP")).toList();
        assertThat(toPort9000).hasSize(7);
        assertThat(frames.size()).isGreaterThan(7); // port 9001's datagrams and the pings left too, unshaped
        long bytes = toPort9000.stream().map(FRAME_LENGTH::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertThat(hits).isEqualTo(new Hits(7, bytes, 0)).isEqualTo(new Hits(7, 7 * (14 + 20 + 8 + 100), 0));
        // tc 6.1 prints htb classes as text even with -j: the class the filters steer to
        assertThat(Kernel.nsenter(ns0.path(), "tc", "-s", "class", "show", "dev", "veth0"))
                .contains("class htb 1:1 ").contains("Sent " + bytes + " bytes 7 pkt (dropped 0,");
    }

    @Test
    void netemConditionsCountWhereTheKernelHasNetem(@Ns("ns0") NetNs ns0) {
        try {
            ns0.conditions("veth0").delay(Duration.ofMillis(5)).apply();
        } catch (IllegalStateException e) {
            if (e.getMessage().contains("CONFIG_NET_SCH_NETEM")) {
                throw new TestAbortedException("netem conditions on the kernel engine need the kernel's netem qdisc,"
                        + " which this kernel lacks (CONFIG_NET_SCH_NETEM); the tbf cases count here", e);
            }
            throw e;
        }
        CountedFault conditions = ns0.conditionsInForce("veth0");
        ns0.ping("10.64.0.2", 3, Duration.ofSeconds(1));
        assertThat(conditions).hitAtLeast(3);
        String tc = Kernel.nsenter(ns0.path(), "tc", "-s", "-j", "qdisc", "show", "dev", "veth0");
        assertThat(conditions.hits().packets()).isEqualTo(number(tc, "packets") + number(tc, "drops")
                + number(tc, "qlen"));
    }

    /** Only the test's own frames: no IPv6 router solicitations or listener reports racing the count. */
    private static void quiet(NetNs ns0) {
        ns0.sysctl("net.ipv6.conf.all.disable_ipv6", "1");
        ns0.sysctl("net.ipv6.conf.veth0.disable_ipv6", "1");
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
