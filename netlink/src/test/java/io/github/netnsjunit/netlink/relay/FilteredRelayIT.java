package io.github.netnsjunit.netlink.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.icmp.IcmpEcho;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.tc.GilbertElliott;
import io.github.netnsjunit.netlink.tc.Netem;
import io.github.netnsjunit.netlink.tc.TrafficMatch;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.TcpEcho;
import io.github.netnsjunit.netlink.testing.Traffic;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay's per-frame classification, Gilbert-Elliott burst loss and TCP-reproducible decisions, on
 * {@code a (v0 10.9.0.1) — m0 [middle] m1 — (v1 10.9.0.2) b} ({@link RelayedPair}), measured with real sockets in the
 * outer namespaces.
 */
class FilteredRelayIT {
    private static final InetAddress B = IpAddresses.parse("10.9.0.2");

    @RegisterExtension
    final RelayedPair pair = new RelayedPair();
    private final NamespaceHandle a = pair.a();
    private final NamespaceHandle mid = pair.mid();
    private final NamespaceHandle b = pair.b();
    private FrameRelay relay;

    private static Netem netem(long delayMs, double loss, long seed) {
        return new Netem(delayMs * 1_000_000, 0, 0, loss, 0, 0, 0, 0, 0, 0, 10_000, seed, true);
    }

    private static final Netem CLEAN = netem(0, 0, 0);

    private void arp() {
        IcmpEcho.ping(a, B, 1, Duration.ofSeconds(1), Duration.ofMillis(5));
    }

    @Test
    void aDelayForOnePortSlowsThatPortOnly() throws Exception {
        TrafficMatch port8080 = new TrafficMatch(null, null, TrafficMatch.Protocol.TCP, 0, 0, 8080);
        relay = pair.use(FrameRelay.start("t", mid, "m0", "m1", netem(40, 0, 0), port8080, netem(40, 0, 0),
                port8080.mirrored()));
        arp(); // ARP is not TCP: it passes at once, so the pings below measure only the relay's delay
        try (TcpEcho slow = new TcpEcho(b, B, 8080); TcpEcho fast = new TcpEcho(b, B, 8081)) {
            List<Long> slowed = slow.exchanges(a, 10);
            List<Long> unslowed = fast.exchanges(a, 10);
            // 40 ms each way on port 8080's segments; nothing on 8081's
            assertThat(slowed).allMatch(ns -> ns >= 80_000_000L, "every 8080 round trip takes ≥ 80 ms: " + slowed);
            assertThat(unslowed).allMatch(ns -> ns < 30_000_000L, "every 8081 round trip takes < 30 ms: " + unslowed);
        }
        // ICMP is not selected either
        assertThat(IcmpEcho.ping(a, B, 3, Duration.ofSeconds(1), Duration.ofMillis(5)).maxRtt())
                .isLessThan(Duration.ofMillis(30));
        // a prefix the peer is not in selects nothing
        TrafficMatch elsewhere = new TrafficMatch(IpPrefix.parse("10.10.0.0/16"), null, TrafficMatch.Protocol.ANY, 0, 0, 0);
        relay.update(netem(40, 0, 0), elsewhere, CLEAN, TrafficMatch.ALL);
        try (TcpEcho slow = new TcpEcho(b, B, 8080)) {
            assertThat(slow.exchanges(a, 5)).allMatch(ns -> ns < 30_000_000L);
        }
    }

    @Test
    void burstLossComesInBurstsOfMeanLengthOneOverRAndRepeatsWithTheSeed() throws Exception {
        relay = pair.use(FrameRelay.start("t", mid, "m0", "m1", CLEAN, CLEAN));
        arp();
        TrafficMatch udp = new TrafficMatch(null, null, TrafficMatch.Protocol.UDP, 0, 0, 0);
        // p = 2 %, r = 20 %: bad spells of mean 5 datagrams, all lost; 2 / 22 = 9.1 % lost in the long run
        Netem bursts = netem(0, 0, 42).withBurstLoss(GilbertElliott.bursts(2, 20));
        int count = 6000;
        long queueLossesBefore = udpReceiveBufferErrors(b);
        relay.update(bursts, udp, CLEAN, TrafficMatch.ALL);
        List<Integer> first = Traffic.udpSequence(a, b, B, count);
        relay.update(bursts, udp, CLEAN, TrafficMatch.ALL);
        List<Integer> second = Traffic.udpSequence(a, b, B, count);
        long queueLosses = udpReceiveBufferErrors(b) - queueLossesBefore;
        List<Integer> runs = lossRuns(first, count);
        double mean = runs.stream().mapToInt(Integer::intValue).average().orElse(0);
        double lost = 100.0 * (count - first.size()) / count;
        System.out.printf("gemodel 2%% 20%%: %d of %d lost (%.1f %%) in %d bursts of mean length %.2f (1/r = 5)%n",
                count - first.size(), count, lost, runs.size(), mean);
        assertThat(runs.size()).isGreaterThan(60);
        assertThat(mean).as("mean burst length, 1/r = 5; %d bursts", runs.size()).isBetween(3.5, 6.5);
        assertThat(lost).isBetween(5.0, 14.0);
        // the same seed loses the same datagrams. A datagram the loaded machine loses after the relay, in the
        // receiving socket's full queue (the reader descheduled for ~100 ms: seen 27 times in a run beside a full
        // build and four others), shifts no seeded decision: each is one difference, and the kernel counts them
        // (Udp RcvbufErrors of b's /proc/net/snmp). Beyond those, one or two are allowed; a third run with another
        // seed differs in a hundred and more
        assertThat(lostDiffering(first, second, count)).as("datagrams lost in one run only, same seed (%d lost in the"
                + " receiving socket's full queue)", queueLosses).isLessThan(3 + (int) queueLosses);
        relay.update(netem(0, 0, 43).withBurstLoss(GilbertElliott.bursts(2, 20)), udp, CLEAN, TrafficMatch.ALL);
        assertThat(lostDiffering(first, Traffic.udpSequence(a, b, B, count), count)).as("another seed")
                .isGreaterThan(100);

        // the same mean loss without bursts: runs of losses are about one datagram long
        relay.update(netem(0, lost, 42), udp, CLEAN, TrafficMatch.ALL);
        List<Integer> uniform = lossRuns(Traffic.udpSequence(a, b, B, count), count);
        double uniformMean = uniform.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertThat(uniformMean).isLessThan(1.4).isLessThan(mean / 2);
    }

    /** {@code RcvbufErrors} of the Udp line of {@code /proc/net/snmp} in {@code ns}: datagrams a full socket queue lost. */
    private static long udpReceiveBufferErrors(NamespaceHandle ns) {
        List<String> udp = Oracle.run(ns, "cat", "/proc/net/snmp").lines().filter(l -> l.startsWith("Udp: ")).toList();
        List<String> names = List.of(udp.get(0).split(" "));
        return Long.parseLong(udp.get(1).split(" ")[names.indexOf("RcvbufErrors")]);
    }

    /** How many of {@code 0..count-1} are missing from one of the two lists but not from the other. */
    private static int lostDiffering(List<Integer> one, List<Integer> two, int count) {
        Set<Integer> a = new TreeSet<>(one);
        Set<Integer> b = new TreeSet<>(two);
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += a.contains(i) != b.contains(i) ? 1 : 0;
        }
        return n;
    }

    /** Lengths of the runs of consecutive numbers missing from {@code got}. */
    private static List<Integer> lossRuns(List<Integer> got, int count) {
        Set<Integer> received = new TreeSet<>(got);
        List<Integer> runs = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < count; i++) {
            if (received.contains(i)) {
                if (run > 0) {
                    runs.add(run);
                }
                run = 0;
            } else {
                run++;
            }
        }
        if (run > 0) {
            runs.add(run);
        }
        return runs;
    }

    /**
     * 5 % seeded loss both ways on a TCP request/response exchange: three runs (each a new connection from a new
     * ephemeral port) slow the same exchanges, because a segment's fate follows from what it is in its flow.
     */
    @Test
    void seededLossSlowsTheSameTcpExchangesOnEveryRun() throws Exception {
        relay = pair.use(FrameRelay.start("t", mid, "m0", "m1", CLEAN, CLEAN));
        arp();
        List<Set<Integer>> slowed = new ArrayList<>();
        try (TcpEcho echo = new TcpEcho(b, B, 8080)) {
            for (int run = 0; run < 3; run++) {
                relay.update(netem(0, 5, 42), netem(0, 5, 42)); // a new start of the seeded decisions
                List<Long> times = echo.exchanges(a, 100);
                Set<Integer> s = new TreeSet<>();
                for (int i = 0; i < times.size(); i++) {
                    if (times.get(i) > 50_000_000L) {
                        s.add(i);
                    }
                }
                slowed.add(s);
            }
        }
        System.out.println("slowed exchanges per run: " + slowed);
        assertThat(slowed.get(0)).hasSizeGreaterThan(2);
        // the same exchanges: at most two may differ, slowed by the loaded machine itself (a scheduling stall over
        // 50 ms, a packet lost outside the relay); decisions in arrival order made sets differing in dozens
        for (int run = 1; run < 3; run++) {
            Set<Integer> either = new TreeSet<>(slowed.get(0));
            either.addAll(slowed.get(run));
            Set<Integer> both = new TreeSet<>(slowed.get(0));
            both.retainAll(slowed.get(run));
            assertThat(either.size() - both.size()).as("exchanges slowed in run 1 or %d only: %s", run + 1, slowed)
                    .isLessThanOrEqualTo(2);
        }
    }
}
