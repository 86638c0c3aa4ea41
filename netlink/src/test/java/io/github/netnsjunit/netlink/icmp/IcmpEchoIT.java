package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import io.github.netnsjunit.netlink.testing.Veths;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class IcmpEchoIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration INTERVAL = Duration.ofMillis(20);

    @RegisterExtension
    final LinkedPair pair = new LinkedPair();
    private final NamespaceHandle a = pair.a();
    private final NamespaceHandle b = pair.b();

    @Test
    void ipv4PingSucceedsAndTcpdumpSeesOurIdentifier(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("v1.pcap");
        PingReport report;
        List<String> lines;
        try (Tcpdump tcpdump = Tcpdump.start(b, "v1", pcap)) {
            report = IcmpEcho.ping(a, InetAddress.getByName("10.9.0.2"), 3, TIMEOUT, INTERVAL);
            lines = tcpdump.await(l -> l.stream().filter(x -> x.contains("ICMP echo")).count() >= 6,
                    Duration.ofSeconds(5));
        }
        System.out.println(report);
        assertThat(report.sent()).isEqualTo(3);
        assertThat(report.received()).isEqualTo(3);
        assertThat(report.lossPercent()).isZero();
        assertThat(report.errors()).isEmpty();
        assertThat(report.rtts()).allSatisfy(rtt -> assertThat(rtt).isPositive().isLessThan(TIMEOUT));
        assertThat(report.toString()).contains("3 packets transmitted, 3 received, 0% packet loss, rtt min/avg/max = ");
        lines.forEach(System.out::println);
        for (int seq = 1; seq <= 3; seq++) {
            String request = "10.9.0.1 > 10.9.0.2: ICMP echo request, id " + report.identifier() + ", seq " + seq
                    + ", length 64";
            String reply = "10.9.0.2 > 10.9.0.1: ICMP echo reply, id " + report.identifier() + ", seq " + seq
                    + ", length 64";
            assertThat(lines).anyMatch(l -> l.contains(request)).anyMatch(l -> l.contains(reply));
        }
    }

    @Test
    void ipv6PingSucceeds(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("v1.pcap");
        PingReport report;
        List<String> lines;
        try (Tcpdump tcpdump = Tcpdump.start(b, "v1", pcap)) {
            report = IcmpEcho.ping(a, InetAddress.getByName("fd09::2"), 3, TIMEOUT, INTERVAL);
            lines = tcpdump.await(l -> l.stream().filter(x -> x.contains("echo re")).count() >= 6,
                    Duration.ofSeconds(5));
        }
        System.out.println(report);
        lines.forEach(System.out::println);
        assertThat(report.received()).isEqualTo(3);
        assertThat(report.rtts()).allSatisfy(rtt -> assertThat(rtt).isPositive().isLessThan(TIMEOUT));
        for (int seq = 1; seq <= 3; seq++) {
            String request = "fd09::1 > fd09::2: ICMP6, echo request, id " + report.identifier() + ", seq " + seq;
            assertThat(lines).anyMatch(l -> l.contains(request));
        }
    }

    @Test
    void unusedAddressInTheSubnetGetsNoReplyWithinTheTimeout() throws Exception {
        long start = System.nanoTime();
        PingReport report = IcmpEcho.ping(a, InetAddress.getByName("10.9.0.99"), 2, Duration.ofMillis(500),
                Duration.ofMillis(100));
        long took = System.nanoTime() - start;
        System.out.println(report);
        assertThat(report.sent()).isEqualTo(2);
        assertThat(report.received()).isZero();
        assertThat(report.lossPercent()).isEqualTo(100.0);
        // the timeout counts from the last request (100 ms interval + 500 ms): a functional lower bound
        assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(550));
        // the event that bounds it from above: the kernel gives up on ARP (and reports "host unreachable") ~3 s
        // after the first request; no such error means the ping ended at its own timeout, before that
        assertThat(report.errors()).isEmpty();
        // a smoke limit only, generous for a loaded machine; how fast it is belongs to the benchmark
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void unusedAddressReportsHostUnreachableOnceArpGivesUp() throws Exception {
        PingReport report = IcmpEcho.ping(a, InetAddress.getByName("10.9.0.99"), 1, Duration.ofSeconds(5),
                Duration.ofMillis(100));
        System.out.println(report);
        assertThat(report.received()).isZero();
        assertThat(report.errors()).extracting(PingError::toString)
                .containsExactly("destination host unreachable from 10.9.0.1");
        assertThat(report.outcome()).isEqualTo(PingReport.Outcome.ICMP_ERROR);
        assertThat(report.sendFailure()).isEmpty();
        assertThat(report.errors().get(0).errno()).isEmpty();
        assertThat(report.errors().get(0).isNoRoute()).isFalse();
    }

    @Test
    void addressWithoutRouteIsReportedAsSendError() throws Exception {
        PingReport report = IcmpEcho.ping(a, InetAddress.getByName("10.77.0.1"), 2, TIMEOUT, INTERVAL);
        System.out.println(report);
        assertThat(report.sent()).isZero();
        assertThat(report.received()).isZero();
        assertThat(report.lossPercent()).isEqualTo(100.0);
        assertThat(report.errors()).extracting(PingError::toString)
                .containsExactly("sendto: ENETUNREACH (Network is unreachable)",
                        "sendto: ENETUNREACH (Network is unreachable)");
        assertThat(report.errors()).allMatch(PingError::isLocal);
        // typed: the errno travels as a number (101 in asm-generic/errno.h) with its name, not as text
        assertThat(report.outcome()).isEqualTo(PingReport.Outcome.NOT_SENT);
        PingError refused = report.sendFailure().orElseThrow();
        assertThat(refused.errno()).hasValue(101);
        assertThat(refused.errnoName()).hasValue("ENETUNREACH");
        assertThat(refused.isNoRoute()).isTrue();
    }

    @Test
    void ipv6AddressWithoutRouteIsReportedAsSendError() throws Exception {
        PingReport report = IcmpEcho.ping(a, InetAddress.getByName("fd77::1"), 1, TIMEOUT, INTERVAL);
        System.out.println(report);
        assertThat(report.received()).isZero();
        assertThat(report.errors()).hasSize(1);
        assertThat(report.errors().get(0).description()).startsWith("sendto: ENETUNREACH");
    }

    @Test
    void concurrentPingersInOneNamespaceGetOnlyTheirOwnReplies() throws Exception {
        // both in a, to different targets: every raw socket of a sees both streams of replies
        addSecondAddressToB();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<PingReport> first = () -> IcmpEcho.ping(a, InetAddress.getByName("10.9.0.2"), 20,
                    TIMEOUT, Duration.ofMillis(5));
            Callable<PingReport> second = () -> IcmpEcho.ping(a, InetAddress.getByName("10.9.0.3"), 20,
                    TIMEOUT, Duration.ofMillis(5));
            Future<PingReport> f1 = pool.submit(first);
            Future<PingReport> f2 = pool.submit(second);
            PingReport r1 = f1.get();
            PingReport r2 = f2.get();
            System.out.println(r1);
            System.out.println(r2);
            assertThat(r1.identifier()).isNotEqualTo(r2.identifier());
            assertThat(r1.received()).isEqualTo(20);
            assertThat(r2.received()).isEqualTo(20);
            assertThat(r1.errors()).isEmpty();
            assertThat(r2.errors()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void interruptEndsThePingEarlyWithAPartialReport() throws Exception {
        Thread pinger = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            pinger.interrupt();
        }, "test-interrupter");
        interrupter.start();
        long start = System.nanoTime();
        PingReport report = IcmpEcho.ping(a, InetAddress.getByName("10.9.0.99"), 5, Duration.ofSeconds(5),
                Duration.ofSeconds(1));
        long took = System.nanoTime() - start;
        assertThat(Thread.interrupted()).isTrue();
        interrupter.join();
        System.out.println(report);
        // the event: the second request was due 1 s after the first and never went out
        assertThat(report.sent()).isEqualTo(1);
        // a smoke limit only, generous for a loaded machine: without the interrupt the ping would take 4 s of
        // intervals plus its 5 s timeout
        assertThat(Duration.ofNanos(took)).isLessThan(Duration.ofSeconds(5));
    }

    private void addSecondAddressToB() {
        io.github.netnsjunit.netlink.testing.Oracle.run(b, "ip", "addr", "add", "10.9.0.3/24", "dev", "v1");
    }
}
