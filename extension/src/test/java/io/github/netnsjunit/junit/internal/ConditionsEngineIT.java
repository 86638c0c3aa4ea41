package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Traffic;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.PingResult;
import io.github.netnsjunit.junit.internal.ConditionsConfig.Engine;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Both engines, chosen explicitly, on {@code ns0 (veth0 10.7.0.1) — ns1 (veth1 10.7.0.2)}: effects measured with
 * pings, UDP sequences and TCP transfers from the namespaces; qdiscs checked with {@code tc -j} inside them; cleanup
 * checked with the JVM's namespaces and threads.
 */
class ConditionsEngineIT {
    private static final ConditionsConfig USERSPACE = new ConditionsConfig(Engine.USERSPACE, false);
    private static final ConditionsConfig KERNEL = new ConditionsConfig(Engine.KERNEL, false);
    private static final boolean NETEM = NetemSupport.available();

    static {
        // the JDK keeps one socket open for good after the first DatagramSocket: open it before anything is counted
        try (DatagramSocket warmUp = new DatagramSocket()) {
            warmUp.getLocalPort();
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The sockets this JVM has open, from /proc/self/fd. */
    private static Set<String> sockets() {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            Set<String> out = new java.util.TreeSet<>();
            fds.forEach(f -> {
                try {
                    String target = java.nio.file.Files.readSymbolicLink(f).toString();
                    if (target.startsWith("socket:")) {
                        out.add(f.getFileName() + " -> " + target);
                    }
                } catch (java.io.IOException gone) {
                    // closed meanwhile
                }
            });
            return out;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static TopologyModel model(Consumer<NetworkTopology.ConditionOptions> onVeth0) {
        NetworkTopology.Builder b = NetworkTopology.builder()
                .namespace("ns0").namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("10.7.0.1/24").peerAddress("10.7.0.2/24"));
        if (onVeth0 != null) {
            b.conditions("ns0", "veth0", onVeth0);
        }
        return TestTopologies.validate(b.build());
    }

    private static LiveTopology build(TopologyModel model, ConditionsConfig config) {
        return new TopologyFactory(Duration.ofSeconds(5), config).build(model);
    }

    /** Builds, runs, closes, and checks that nothing of ours is left: namespaces, relay threads. */
    private static void with(TopologyModel model, ConditionsConfig config, Consumer<LiveTopology> test) {
        Set<String> before = Kernel.jvmNamespaces();
        Set<String> socketsBefore = sockets();
        LiveTopology live = build(model, config);
        List<Thread> relays = live.liveConditions() == null ? List.of() : live.liveConditions().relayThreads();
        try {
            test.accept(live);
        } finally {
            live.close();
        }
        assertThat(relays).noneMatch(Thread::isAlive);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("netns-relay-"));
        long deadline = System.nanoTime() + 2_000_000_000L;
        // nothing of ours may be left; a namespace that was still going away when we started (a previous test's
        // thread ending) may be gone by now, so the check is "no namespace beyond those before", not equality
        while (!before.containsAll(Kernel.jvmNamespaces()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(before).containsAll(Kernel.jvmNamespaces());
        assertThat(sockets()).as("sockets left open (relay packet sockets, netlink sockets)").isEqualTo(socketsBefore);
    }

    private static PingResult ping(NetNs ns, String to, int count) {
        return ns.ping(to, count, Duration.ofSeconds(1));
    }

    @Test
    void userspaceDelayBothWaysChangesMidTestAndClears() {
        with(model(c -> c.delay("30ms").bothWays(true)), USERSPACE, live -> {
            NetNs ns0 = live.namespace("ns0");
            assertThat(live.namespaces()).extracting(NetNs::name).containsExactly("ns0", "ns1");
            assertThat(live.liveConditions().relayThreads()).hasSize(2);
            PingResult r = ping(ns0, "10.7.0.2", 3);
            assertThat(r.received()).isEqualTo(3);
            assertThat(r.rtts()).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(60), Duration.ofMillis(400)));
            assertThat(live.faultsAffecting("ns1")).containsExactly(
                    "conditions on veth0 in ns0 (packets leaving it): delay 30ms [userspace engine]",
                    "conditions on veth1 in ns1 (packets leaving it): delay 30ms [userspace engine]");

            ns0.conditions("veth0").delay(Duration.ofMillis(80)).apply(); // replaces: now one way only
            r = ping(ns0, "10.7.0.2", 3);
            assertThat(r.rtts()).allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(80), Duration.ofMillis(450)));

            ns0.clearConditions("veth0");
            live.namespace("ns1").clearConditions("veth1");
            assertThat(ping(ns0, "10.7.0.2", 3).rtts()).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofMillis(30)));
            assertThat(live.faultsAffecting("ns0")).isEmpty();
        });
    }

    @Test
    void userspaceLossFullThenBinomialThenSeededTwice() {
        with(model(c -> { }), USERSPACE, live -> {
            NetNs ns0 = live.namespace("ns0");
            assertThat(ping(ns0, "10.7.0.2", 1).received()).isEqualTo(1); // ARP resolved before any loss
            ns0.conditions("veth0").loss(100).apply();
            assertThat(ns0.ping("10.7.0.2", 3, Duration.ofMillis(300)).received()).isZero();
            ns0.conditions("veth0").loss(30).seed(42).apply();
            List<Integer> first = udpSequence(live, 500);
            ns0.conditions("veth0").loss(30).seed(42).apply();
            List<Integer> second = udpSequence(live, 500);
            // 30 % of 500: 350 expected, sigma 10.2; 4.5 sigma either side
            assertThat(first.size()).isBetween(304, 396);
            assertThat(second).isEqualTo(first);
            ns0.conditions("veth0").loss(30).seed(43).apply();
            assertThat(udpSequence(live, 500)).isNotEqualTo(first);
        });
    }

    @Test
    void userspaceDuplicatesSeenByPingAndReorderByUdp() {
        with(model(c -> c.duplicate("100%")), USERSPACE, live -> {
            NetNs ns0 = live.namespace("ns0");
            PingResult r = ping(ns0, "10.7.0.2", 3);
            assertThat(r.received()).isEqualTo(3);
            // every request is answered twice; the last answer's twin may come after ping has stopped listening
            assertThat(r.duplicates()).isBetween(2, 3);
            ns0.conditions("veth0").delay(Duration.ofMillis(20)).reorder(30).seed(5).apply();
            List<Integer> got = udpSequence(live, 200);
            assertThat(got).hasSize(200);
            assertThat(isSorted(got)).as("arrival order %s", got).isFalse();
        });
    }

    @Test
    void rateOnBothEngines() {
        for (ConditionsConfig config : List.of(USERSPACE, KERNEL)) {
            with(model(c -> c.rate("8mbit")), config, live -> {
                if (config == KERNEL) {
                    String tc = Kernel.nsenter(live.namespace("ns0").path(), "tc", "-j", "qdisc", "show", "dev", "veth0");
                    assertThat(tc).contains("\"kind\":\"tbf\"").contains("\"rate\":1000000");
                    assertThat(live.liveConditions().relayThreads()).isEmpty();
                }
                long slow = transferMillis(live, 1 << 20);
                live.namespace("ns0").clearConditions("veth0");
                long fast = transferMillis(live, 1 << 20);
                // 1 MiB at 8 Mbit/s is 1049 ms of wire time: at least ~90 % of it
                assertThat(slow).as(config.engine() + " engine").isGreaterThanOrEqualTo(940);
                assertThat(fast).as(config.engine() + " engine").isLessThan(slow / 3);
                if (config == KERNEL) {
                    assertThat(Kernel.nsenter(live.namespace("ns0").path(), "tc", "-j", "qdisc", "show", "dev", "veth0"))
                            .doesNotContain("tbf");
                }
            });
        }
    }

    @Test
    void kernelEngineDelay() {
        TopologyModel m = model(c -> c.delay("50ms"));
        if (!NETEM) {
            Set<String> before = Kernel.jvmNamespaces();
            assertThatThrownBy(() -> build(m, KERNEL)).isInstanceOf(IllegalStateException.class).hasMessage(
                    "conditions(namespace = \"ns0\", link = \"veth0\") on NetworkTopology builder asks for delay 50ms, which"
                    + " needs the kernel's netem qdisc, which this kernel lacks (kernel option CONFIG_NET_SCH_NETEM; module"
                    + " sch_netem, on Ubuntu in package linux-modules-extra-$(uname -r)), and"
                    + " netns.junit.conditions.engine is kernel. Set netns.junit.conditions.engine=userspace (or auto) to"
                    + " have these conditions applied by the userspace relay, or netns.junit.conditions.unavailable=skip to"
                    + " skip such tests on this kernel.");
            assertThatThrownBy(() -> build(m, new ConditionsConfig(Engine.KERNEL, true)))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("CONFIG_NET_SCH_NETEM");
            assertThat(Kernel.jvmNamespaces()).isEqualTo(before); // refused before anything was built
            throw new TestAbortedException("the kernel engine's delay needs CONFIG_NET_SCH_NETEM (module sch_netem),"
                    + " which this kernel lacks: only its refusal was checked");
        }
        with(m, KERNEL, live -> {
            assertThat(Kernel.nsenter(live.namespace("ns0").path(), "tc", "-j", "qdisc", "show", "dev", "veth0"))
                    .contains("netem");
            assertThat(ping(live.namespace("ns0"), "10.7.0.2", 3).rtts())
                    .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(50)));
        });
    }

    @Test
    void midTestChangesNeedADeclaredLinkUnderUserspace() {
        with(model(null), USERSPACE, live -> assertThatThrownBy(() -> live.namespace("ns0").conditions("veth0")
                .delay(Duration.ofMillis(10)).apply()).isInstanceOf(IllegalStateException.class).hasMessage(
                "conditions(\"veth0\") in netns ns0: under netns.junit.conditions.engine=userspace only links built"
                + " through the relay can carry conditions, and this one was built as a plain veth. Fix: declare the link"
                + " with @LinkConditions(namespace = \"ns0\", link = \"veth0\") (no values needed), so that it is built"
                + " through the userspace relay and its conditions can change during the test."));
    }

    @Test
    void builderRejectsBadValuesAndUnknownLinks() {
        with(model(null), KERNEL, live -> {
            NetNs ns0 = live.namespace("ns0");
            assertThatThrownBy(() -> ns0.conditions("veth9")).hasMessage(
                    "conditions(\"veth9\") in netns ns0: \"veth9\" is not a link declared in this namespace; its links"
                    + " are: \"veth0\".");
            assertThatThrownBy(() -> ns0.conditions("veth0").loss(150).apply()).hasMessage(
                    "conditions(\"veth0\") in netns ns0: loss 150.0 is outside 0 to 100 (percent). Use e.g. loss(1) for 1 %.");
            assertThatThrownBy(() -> ns0.conditions("veth0").jitter(Duration.ofMillis(5)).apply()).hasMessage(
                    "conditions(\"veth0\") in netns ns0: jitter needs a delay, as in netem. Set one too, e.g."
                    + " .delay(Duration.ofMillis(50)).");
        });
    }

    @Test
    void autoWithoutNetemNeedsADeclaredLinkForDelaysButShapesRatesWithTbf() {
        ConditionsConfig auto = new ConditionsConfig(Engine.AUTO, false);
        with(model(null), auto, live -> {
            NetNs ns0 = live.namespace("ns0");
            ns0.conditions("veth0").rate(8_000_000).apply(); // a rate alone: tbf, on any kernel
            assertThat(Kernel.nsenter(ns0.path(), "tc", "-j", "qdisc", "show", "dev", "veth0")).contains("\"kind\":\"tbf\"");
            ns0.clearConditions("veth0");
            if (!NETEM) {
                assertThatThrownBy(() -> ns0.conditions("veth0").delay(Duration.ofMillis(10)).apply())
                        .isInstanceOf(IllegalStateException.class).hasMessage("conditions(\"veth0\") in netns ns0 asks"
                        + " for delay 10ms, which needs the kernel's netem qdisc, which this kernel lacks (kernel option"
                        + " CONFIG_NET_SCH_NETEM; module sch_netem, on Ubuntu in package linux-modules-extra-$(uname -r));"
                        + " under netns.junit.conditions.engine=auto this link is a plain veth. Fix: declare the link with"
                        + " @LinkConditions(namespace = \"ns0\", link = \"veth0\") (no values needed), so that it is built"
                        + " through the userspace relay and its conditions can change during the test.");
            }
        });
        // declared (even without values): under auto on a kernel without netem it is built through the relay
        with(model(c -> { }), auto, live -> {
            assertThat(live.liveConditions().relayThreads()).hasSize(NETEM ? 0 : 2);
            live.namespace("ns0").conditions("veth0").delay(Duration.ofMillis(40)).apply();
            assertThat(ping(live.namespace("ns0"), "10.7.0.2", 3).rtts())
                    .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(40)));
        });
    }

    private static boolean isSorted(List<Integer> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i) < list.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** {@code count} numbered datagrams from ns0 to ns1, 0.5 ms apart; what ns1 received, in arrival order. */
    private static List<Integer> udpSequence(LiveTopology live, int count) {
        try {
            return Traffic.udpSequence(live.handle("ns0"), live.handle("ns1"), InetAddress.getByName("10.7.0.2"), count);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long transferMillis(LiveTopology live, int bytes) {
        try {
            return Traffic.tcpTransferMillis(live.handle("ns0"), live.handle("ns1"), InetAddress.getByName("10.7.0.2"),
                    bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

}
