package io.github.netnsjunit.junit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.VethPair;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Thousands of topologies, one after the other and in parallel: all pass, and the JVM ends with as many open fds,
 * threads and network namespaces as it started with.
 */
class SoakIT {
    /** Open fds, threads (kernel tasks) and network namespaces of this JVM, from /proc. */
    record Counters(int fds, int threads, int namespaces) {
        static Counters now() {
            return new Counters(Kernel.openFds(), Kernel.tasks(), Kernel.jvmNamespaces().size());
        }

        @Override
        public String toString() {
            return "fds=" + fds + " threads=" + threads + " netns=" + namespaces;
        }
    }

    static final List<String> SAMPLES = new CopyOnWriteArrayList<>();

    static void body(NetNs self, RepetitionInfo info) {
        assertThat(self.ping("10.40.0.2", 1, Duration.ofSeconds(2)).received()).isEqualTo(1);
        if (info.getCurrentRepetition() % 500 == 0) {
            SAMPLES.add(info.getCurrentRepetition() + ": " + Counters.now());
        }
    }

    /** The topology every fixture here uses: ns0 and ns1 joined by a veth. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.40.0.1/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.40.0.2/24")
    @interface TwoLinkedNamespaces {
    }

    @KitFixture
    @TwoLinkedNamespaces
    static class WarmUpTestCase {
        @RepeatedTest(20)
        @InNamespace("ns0")
        void ping(NetNs self, RepetitionInfo info) {
            body(self, info);
        }
    }

    @KitFixture
    @TwoLinkedNamespaces
    static class SoakTestCase {
        @RepeatedTest(2000)
        @InNamespace("ns0")
        void ping(NetNs self, RepetitionInfo info) {
            body(self, info);
        }
    }

    @KitFixture
    @TwoLinkedNamespaces
    static class ParallelTestCase {
        @RepeatedTest(200)
        @InNamespace("ns0")
        void ping(NetNs self, RepetitionInfo info) {
            body(self, info);
        }
    }

    private static Counters settled() {
        // threads that were just told to end may still be leaving /proc
        Kernel.await(() -> Kernel.taskNames().stream().noneMatch(n -> n.startsWith("netns-")), 2000);
        return Counters.now();
    }

    private static void run(String name, Class<?> fixture, Map<String, String> config, int tests) {
        Kit.run(WarmUpTestCase.class, config).testEvents().assertStatistics(s -> s.succeeded(20).failed(0));
        SAMPLES.clear();
        Counters before = settled();
        long start = System.nanoTime();
        var results = Kit.run(fixture, config);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // JUnit's parallel executor shuts its worker pool down at the end of the run; its threads leave a little later
        Kernel.await(() -> Kernel.tasks() <= before.threads() + 2, 5000);
        Counters after = settled();
        System.out.println("[" + name + "] " + tests + " tests in " + millis + " ms (" + (millis * 1000 / tests)
                + " us/test); before: " + before + "; after: " + after + "; samples: " + SAMPLES);
        results.testEvents().assertStatistics(s -> s.started(tests).succeeded(tests).failed(0));
        assertThat(after.namespaces()).isEqualTo(before.namespaces());
        assertThat(after.fds()).isLessThanOrEqualTo(before.fds() + 2);
        assertThat(after.threads()).isLessThanOrEqualTo(before.threads() + 2);
        assertThat(Kernel.taskNames()).noneMatch(n -> n.startsWith("netns-"));
    }

    @Test
    void twoThousandConsecutiveTopologiesLeakNothing() {
        run("soak", SoakTestCase.class, Map.of(), 2000);
    }

    @Test
    void twoHundredTopologiesInParallelLeakNothing() {
        run("parallel", ParallelTestCase.class, Kit.parallel(4), 200);
    }
}
