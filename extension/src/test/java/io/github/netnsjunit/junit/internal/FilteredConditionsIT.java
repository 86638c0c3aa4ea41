package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.LinkConditions.Direction;
import io.github.netnsjunit.junit.LinkConditions.Protocol;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TestTopologies;
import io.github.netnsjunit.junit.internal.ConditionsConfig.Engine;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Pcap;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.netnsjunit.netlink.testing.TcpEcho;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Conditions limited to part of the traffic, on {@code ns0 (veth0 10.7.0.1) — ns1 (veth1 10.7.0.2)}, declared and
 * mid-test, on both engines: port 8080 slowed, port 8081 not, measured with real TCP exchanges and transfers;
 * the kernel engine's tree checked with {@code tc -j}.
 */
class FilteredConditionsIT {
    private static final ConditionsConfig USERSPACE = new ConditionsConfig(Engine.USERSPACE, false);
    private static final ConditionsConfig KERNEL = new ConditionsConfig(Engine.KERNEL, false);
    private static final InetAddress NS1 = address("10.7.0.2");
    private static final InetAddress NS0 = address("10.7.0.1");

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static TopologyModel model(Consumer<NetworkTopology.ConditionOptions> onVeth0) {
        return TestTopologies.validate(NetworkTopology.builder()
                .namespace("ns0").namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("10.7.0.1/24").peerAddress("10.7.0.2/24"))
                .conditions("ns0", "veth0", onVeth0).build());
    }

    /** Builds, runs, closes, and checks that no namespace and no relay thread is left. */
    private static void with(TopologyModel model, ConditionsConfig config, Consumer<LiveTopology> test) {
        Set<String> before = Kernel.jvmNamespaces();
        LiveTopology live = new TopologyFactory(Duration.ofSeconds(5), config).build(model);
        try {
            test.accept(live);
        } finally {
            live.close();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("netns-relay-"));
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!before.containsAll(Kernel.jvmNamespaces()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(before).containsAll(Kernel.jvmNamespaces());
    }

    /** Round trips to port 8080 and 8081 of ns1 from ns0, 8 each. */
    private static List<List<Long>> rtts(LiveTopology live) {
        try (TcpEcho slow = new TcpEcho(live.handle("ns1"), NS1, 8080);
                TcpEcho fast = new TcpEcho(live.handle("ns1"), NS1, 8081)) {
            return List.of(slow.exchanges(live.handle("ns0"), 8), fast.exchanges(live.handle("ns0"), 8));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertOnly8080Slowed(List<List<Long>> rtts, long atLeastNanos) {
        assertThat(rtts.get(0)).as("port 8080 round trips (ns)").allMatch(ns -> ns >= atLeastNanos);
        assertThat(rtts.get(1)).as("port 8081 round trips (ns)").allMatch(ns -> ns < 25_000_000L);
    }

    @Test
    void declaredDelayForPort8080BothWaysOnTheUserspaceEngine() {
        with(model(c -> c.delay("30ms").protocol(Protocol.TCP).port(8080).direction(Direction.BOTH)), USERSPACE,
                live -> {
                    Path sent;
                    Path received;
                    List<List<Long>> rtts;
                    try {
                        sent = Files.createTempFile("filtered-ns0", ".pcap");
                        received = Files.createTempFile("filtered-ns1", ".pcap");
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    try (Tcpdump a = Tcpdump.start(live.handle("ns0"), "veth0", sent, List.of("tcp"));
                            Tcpdump b = Tcpdump.start(live.handle("ns1"), "veth1", received, List.of("tcp"))) {
                        rtts = rtts(live);
                        try {
                            Thread.sleep(300); // the last ACKs and FINs reach the capture and the relay
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                    assertOnly8080Slowed(rtts, 60_000_000L);
                    // the oracle: the same segments captured leaving ns0 and arriving in ns1, in order (no loss)
                    for (int port : new int[] {8080, 8081}) {
                        List<Long> left = times(sent, port);
                        List<Long> arrived = times(received, port);
                        assertThat(arrived).as("segments to port %d", port).hasSameSizeAs(left).hasSizeGreaterThan(8);
                        for (int i = 0; i < left.size(); i++) {
                            long held = arrived.get(i) - left.get(i);
                            if (port == 8080) {
                                assertThat(held).as("segment %d to port 8080 held (ns)", i).isBetween(29_000_000L,
                                        200_000_000L);
                            } else {
                                assertThat(held).as("segment %d to port 8081 held (ns)", i).isLessThan(10_000_000L);
                            }
                        }
                    }
                    // what the filtered conditions hit: the frames leaving veth0 with port 8080 on either side,
                    // as the capture counts them (port 8081's and everything else are not hits)
                    long captured = Pcap.read(sent).stream()
                            .filter(p -> p.ip().map(ip -> ip.source().equals("10.7.0.1")).orElse(false))
                            .filter(p -> p.tcp().map(t -> t.destinationPort() == 8080 || t.sourcePort() == 8080)
                                    .orElse(false)).count();
                    assertThat(live.liveConditions().hits("ns0", "veth0"))
                            .extracting(io.github.netnsjunit.junit.Hits::packets).isEqualTo(captured);
                    try {
                        Files.delete(sent);
                        Files.delete(received);
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                    assertThat(live.faultsAffecting("ns0")).containsExactly(
                            "conditions on veth0 in ns0 (packets leaving it): delay 30ms only for tcp port 8080"
                                    + " [userspace engine]",
                            "conditions on veth1 in ns1 (packets leaving it): delay 30ms only for tcp port 8080"
                                    + " [userspace engine]");
                    // pings are not TCP: unslowed
                    assertThat(live.namespace("ns0").ping("10.7.0.2", 3, Duration.ofSeconds(1)).rtts())
                            .allSatisfy(d -> assertThat(d).isLessThan(Duration.ofMillis(25)));
                });
    }

    @Test
    void midTestPrefixAndArrivingDirectionOnTheUserspaceEngine() {
        with(model(c -> { }), USERSPACE, live -> {
            NetNs ns0 = live.namespace("ns0");
            assertThatThrownBy(() -> ns0.conditions("veth0").port(8080).apply()).hasMessage("conditions(\"veth0\") in"
                    + " netns ns0: limits the conditions to port 8080, but no condition is set, so it would select"
                    + " traffic for nothing. Set a condition too, e.g. .delay(Duration.ofMillis(50)).");
            assertThatThrownBy(() -> ns0.conditions("veth0").loss(1).burstLoss(1, 20).apply()).hasMessage(
                    "conditions(\"veth0\") in netns ns0: burstLoss and loss(1.0) are both set; netem has one loss"
                    + " model, so a link has uncorrelated loss or burst loss. Keep one of them.");
            assertThatThrownBy(() -> ns0.conditions("veth0").delay(Duration.ofMillis(1)).to("10.0.0.0/40").apply())
                    .hasMessageStartingWith("conditions(\"veth0\") in netns ns0: to is \"10.0.0.0/40\", which is not"
                            + " an address or prefix");
            // packets arriving at veth0 from port 8080 (ns1's answers): the conditions go on veth1, mirrored
            ns0.conditions("veth0").delay(Duration.ofMillis(40)).fromPort(8080).direction(Direction.ARRIVING).apply();
            assertThat(live.faultsAffecting("ns0")).containsExactly("conditions on veth1 in ns1 (packets leaving it):"
                    + " delay 40ms only for sport 8080 [userspace engine]");
            assertOnly8080Slowed(rtts(live), 40_000_000L);
            ns0.clearConditions("veth0"); // clears what it set on the peer
            assertThat(live.faultsAffecting("ns0")).isEmpty();
            assertThat(rtts(live).get(0)).allMatch(ns -> ns < 25_000_000L);
            // a prefix the peer is outside of selects nothing; one it is in selects everything to it
            ns0.conditions("veth0").delay(Duration.ofMillis(40)).to("10.8.0.0/16").apply();
            assertThat(rtts(live).get(0)).allMatch(ns -> ns < 25_000_000L);
            ns0.conditions("veth0").delay(Duration.ofMillis(40)).to("10.7.0.0/24").apply();
            assertThat(rtts(live)).allSatisfy(r -> assertThat(r).allMatch(ns -> ns >= 40_000_000L));
        });
    }

    @Test
    void aRateForPort8080OnTheKernelEngineSteeredByU32() throws Exception {
        with(model(c -> c.rate("1mbit").toPort(8080)), KERNEL, live -> {
            String path = live.namespace("ns0").path();
            String filters = Kernel.nsenter(path, "tc", "-j", "filter", "show", "dev", "veth0");
            // TCP and UDP to port 8080, IPv4 and IPv6: four u32 filters to class 1:1
            assertThat(filters.split("\"flowid\":\"1:1\"")).hasSize(5);
            assertThat(filters).contains("\"value\":\"1f90\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":20");
            assertThat(Kernel.nsenter(path, "tc", "-j", "qdisc", "show", "dev", "veth0")).contains("\"kind\":\"htb\"")
                    .contains("\"kind\":\"tbf\",\"handle\":\"a:\",\"parent\":\"1:1\"");
            assertThat(live.liveConditions().relayThreads()).isEmpty();
            try {
                long slow = TcpEcho.transferMillis(live.handle("ns0"), live.handle("ns1"), NS1, 8080, 200_000);
                long fast = TcpEcho.transferMillis(live.handle("ns0"), live.handle("ns1"), NS1, 8081, 200_000);
                // 200,000 bytes of data are ~209,400 bytes of frames: 1.68 s at 1 Mbit/s less tbf's 16 KiB bucket
                assertThat(slow).isBetween(1300L, 4000L);
                assertThat(fast).isLessThan(300L);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            live.namespace("ns0").clearConditions("veth0");
            assertThat(Kernel.nsenter(path, "tc", "-j", "qdisc", "show", "dev", "veth0")).doesNotContain("htb");
        });
    }

    @Test
    void aFilteredDelayOnTheKernelEngineNeedsNetem() {
        TopologyModel m = model(c -> c.delay("30ms").port(8080));
        if (!NetemSupport.available()) {
            assertThatThrownBy(() -> with(m, KERNEL, live -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("delay 30ms only for port 8080").hasMessageContaining("CONFIG_NET_SCH_NETEM");
            throw new TestAbortedException("a filtered delay on the kernel engine needs CONFIG_NET_SCH_NETEM (module"
                    + " sch_netem), which this kernel lacks; its requests are checked byte for byte in"
                    + " SteeredConditionsCodecTest, the steering live with tbf above");
        }
        with(m, KERNEL, live -> assertOnly8080Slowed(rtts(live), 30_000_000L));
    }

    @Test
    void burstLossDeclaredAndMidTestIsReproducible() {
        with(model(c -> c.burstLoss("2% 20%").seed(7).protocol(Protocol.UDP)), USERSPACE, live -> {
            assertThat(live.faultsAffecting("ns0")).containsExactly("conditions on veth0 in ns0 (packets leaving it):"
                    + " loss gemodel 2% 20% 100% 0% seed 7 only for udp [userspace engine]");
            NetNs ns0 = live.namespace("ns0");
            ns0.conditions("veth0").burstLoss(2, 20).seed(7).protocol(Protocol.UDP).apply();
            List<Integer> first = udp(live, 2000);
            ns0.conditions("veth0").burstLoss(2, 20).seed(7).protocol(Protocol.UDP).apply();
            List<Integer> second = udp(live, 2000);
            assertThat(first.size()).isBetween(2000 - 400, 2000 - 60);
            // the same datagrams lost; one or two lost outside the relay on a loaded machine are allowed (they shift
            // no seeded decision: another seed differs in a hundred and more)
            assertThat(differing(first, second, 2000)).isLessThan(3);
            ns0.conditions("veth0").burstLoss(2, 20).seed(8).protocol(Protocol.UDP).apply();
            assertThat(differing(first, udp(live, 2000), 2000)).isGreaterThan(50);
        });
    }

    /** Capture times of the TCP segments from ns0 to port {@code port} of ns1 in a pcap file. */
    private static List<Long> times(Path pcap, int port) {
        return Pcap.read(pcap).stream()
                .filter(p -> p.ip().map(ip -> ip.source().equals("10.7.0.1")).orElse(false))
                .filter(p -> p.tcp().map(t -> t.destinationPort() == port).orElse(false))
                .map(Pcap.Packet::epochNanos).toList();
    }

    private static int differing(List<Integer> one, List<Integer> two, int count) {
        Set<Integer> a = new java.util.TreeSet<>(one);
        Set<Integer> b = new java.util.TreeSet<>(two);
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += a.contains(i) != b.contains(i) ? 1 : 0;
        }
        return n;
    }

    private static List<Integer> udp(LiveTopology live, int count) {
        try {
            return io.github.netnsjunit.netlink.testing.Traffic.udpSequence(live.handle("ns0"), live.handle("ns1"),
                    NS1, count);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
