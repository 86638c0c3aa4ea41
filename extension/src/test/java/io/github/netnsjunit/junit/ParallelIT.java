package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Under JUnit's parallel mode, topology tests run concurrently and pass; tests that touch the host namespace never
 * overlap one another.
 */
class ParallelIT {
    /** One recorded test body: kind, start and end in nanoseconds, and what the kernel showed. */
    record Interval(String kind, long start, long end, String namespace) {
    }

    static final List<Interval> INTERVALS = new CopyOnWriteArrayList<>();
    /** The first two isolated tests wait here for each other: proof by event, not by timing, that two run at once. */
    static volatile CountDownLatch rendezvous = new CountDownLatch(2);
    /** Isolated tests that reached the rendezvous only by its timeout (none if they ran concurrently). */
    static final List<String> LONELY = new CopyOnWriteArrayList<>();

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.30.0.1/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.30.0.2/24")
    static class ParallelTestCase {
        @RepeatedTest(40)
        @InNamespace("ns0")
        void isolated(@Ns("ns1") NetNs ns1, NetNs self) throws InterruptedException {
            long start = System.nanoTime();
            assertThat(self.ping("10.30.0.2", 1, Duration.ofSeconds(2)).received()).isEqualTo(1);
            assertThat(Kernel.currentThreadNamespace()).isEqualTo(Kernel.inode(self.path()));
            CountDownLatch meet = rendezvous;
            meet.countDown();
            // generous: only a run that is not concurrent at all waits this long (and then fails the check below)
            if (!meet.await(30, TimeUnit.SECONDS)) {
                LONELY.add(self.path());
            }
            INTERVALS.add(new Interval("isolated", start, System.nanoTime(), Kernel.inode(self.path())));
        }

        @RepeatedTest(8)
        @VethPair(name = "up0", namespace = "host", peer = "eth0", peerNamespace = "ns1")
        void touchesHost(@Ns("host") NetNs host) throws InterruptedException {
            long start = System.nanoTime();
            // the oracle: the host end exists now, under this JVM's unique name
            assertThat(Kernel.ourHostLinks()).hasSize(1);
            Thread.sleep(30);
            assertThat(Kernel.ourHostLinks()).hasSize(1);
            INTERVALS.add(new Interval("host", start, System.nanoTime(), Kernel.inode(host.path())));
        }
    }

    static int maxOverlap(List<Interval> intervals) {
        List<long[]> points = new ArrayList<>();
        for (Interval i : intervals) {
            points.add(new long[] {i.start(), 1});
            points.add(new long[] {i.end(), -1});
        }
        points.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        int now = 0;
        int max = 0;
        for (long[] p : points) {
            now += (int) p[1];
            max = Math.max(max, now);
        }
        return max;
    }

    @Test
    void topologyTestsRunConcurrentlyAndHostTestsNeverOverlap() {
        INTERVALS.clear();
        LONELY.clear();
        rendezvous = new CountDownLatch(2);
        int parallelism = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        Set<String> before = Kernel.jvmNamespaces();
        long start = System.nanoTime();
        Kit.run(ParallelTestCase.class, Kit.parallel(parallelism)).testEvents()
                .assertStatistics(s -> s.started(48).succeeded(48).failed(0));
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<Interval> host = INTERVALS.stream().filter(i -> i.kind().equals("host")).toList();
        List<Interval> isolated = INTERVALS.stream().filter(i -> i.kind().equals("isolated")).toList();
        int overlap = maxOverlap(isolated);
        System.out.println("[parallel] 48 tests with parallelism " + parallelism + " in " + millis
                + " ms; at most " + overlap + " isolated tests at once; host tests overlapping: " + maxOverlap(host));
        assertThat(host).hasSize(8);
        assertThat(isolated).hasSize(40);
        assertThat(maxOverlap(host)).isEqualTo(1);
        assertThat(LONELY).as("isolated tests that waited in vain for a concurrent one").isEmpty();
        assertThat(overlap).isGreaterThan(1);
        // every isolated test had a namespace of its own
        assertThat(isolated.stream().map(Interval::namespace).distinct().count()).isGreaterThan(1);
        assertThat(Kernel.jvmNamespaces()).isEqualTo(before);
        assertThat(Kernel.ourHostLinks()).isEmpty();
    }
}
