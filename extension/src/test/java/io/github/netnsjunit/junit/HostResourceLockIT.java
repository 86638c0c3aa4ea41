package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * {@link HostResourceLock} in JUnit's parallel mode: tests of two classes whose topologies name {@code "host"} never
 * overlap, and no JUnit worker waits inside netns-junit for the host (a sampler reads every thread's stack while they
 * run); without the declaration a worker does wait there (which shows the sampler sees it).
 */
class HostResourceLockIT {
    static final List<long[]> BODIES = new CopyOnWriteArrayList<>();
    static final Set<String> WAITING = ConcurrentHashMap.newKeySet();

    @Test
    void declaredHostTestsNeverOverlapAndNoWorkerWaitsForTheHost() throws Exception {
        EngineExecutionResults results = runSampled(DeclaredA.class, DeclaredB.class);
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertNoOverlap();
        assertThat(WAITING).as("JUnit workers waiting in HostGuard.acquire").isEmpty();
    }

    @Test
    void undeclaredHostTestsNeverOverlapButAWorkerWaits() throws Exception {
        EngineExecutionResults results = runSampled(UndeclaredA.class, UndeclaredB.class);
        results.testEvents().assertStatistics(s -> s.started(4).succeeded(4));
        assertNoOverlap();
        assertThat(WAITING).as("JUnit workers waiting in HostGuard.acquire").isNotEmpty();
    }

    @Test
    void theProviderLocksOnlyWhatNamesHost() throws Exception {
        HostResourceLock provider = new HostResourceLock();
        ResourceLocksProvider.Lock lock = new ResourceLocksProvider.Lock(HostResourceLock.KEY,
                ResourceAccessMode.READ_WRITE);
        assertThat(provider.provideForClass(DeclaredA.class)).containsExactly(lock);
        assertThat(provider.provideForClass(NoHost.class)).isEmpty();
        assertThat(provider.provideForClass(TwoVeths.class)).containsExactly(lock);
        assertThat(provider.provideForMethod(List.of(), NoHost.class, NoHost.class.getDeclaredMethod("onMethod")))
                .containsExactly(lock);
    }

    static void assertNoOverlap() {
        List<long[]> sorted = new ArrayList<>(BODIES);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        assertThat(sorted).hasSize(4);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i)[0]).as("test %d starts after test %d ended", i, i - 1)
                    .isGreaterThanOrEqualTo(sorted.get(i - 1)[1]);
        }
    }

    static EngineExecutionResults runSampled(Class<?> a, Class<?> b) throws Exception {
        BODIES.clear();
        WAITING.clear();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                    for (StackTraceElement f : e.getValue()) {
                        if (f.getClassName().endsWith(".HostGuard") && f.getMethodName().equals("acquire")
                                && e.getKey().getState() == Thread.State.WAITING) {
                            WAITING.add(e.getKey().getName());
                        }
                    }
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }, "host-lock-sampler");
        sampler.start();
        try {
            return EngineTestKit.engine("junit-jupiter").configurationParameter(Kit.INSIDE_KIT, "true")
                    .configurationParameters(Kit.parallel(4)).selectors(selectClass(a), selectClass(b)).execute();
        } finally {
            done.set(true);
            sampler.join();
        }
    }

    static void body() throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(300);
        BODIES.add(new long[] {start, System.nanoTime()});
    }

    @KitFixture
    @ResourceLock(providers = HostResourceLock.class)
    @NetNamespace("ns1")
    @VethPair(name = "nsjt-rl0", namespace = "host", peer = "eth0", peerNamespace = "ns1")
    static class DeclaredA {
        @Test
        void one() throws Exception {
            body();
        }

        @Test
        void two() throws Exception {
            body();
        }
    }

    @KitFixture
    @ResourceLock(providers = HostResourceLock.class)
    @NetNamespace("ns1")
    @VethPair(name = "nsjt-rl1", namespace = "host", peer = "eth0", peerNamespace = "ns1")
    static class DeclaredB {
        @Test
        void one() throws Exception {
            body();
        }

        @Test
        void two() throws Exception {
            body();
        }
    }

    @KitFixture
    @NetNamespace("ns1")
    @VethPair(name = "nsjt-rl2", namespace = "host", peer = "eth0", peerNamespace = "ns1")
    static class UndeclaredA {
        @Test
        void one() throws Exception {
            body();
        }

        @Test
        void two() throws Exception {
            body();
        }
    }

    @KitFixture
    @NetNamespace("ns1")
    @VethPair(name = "nsjt-rl3", namespace = "host", peer = "eth0", peerNamespace = "ns1")
    static class UndeclaredB {
        @Test
        void one() throws Exception {
            body();
        }

        @Test
        void two() throws Exception {
            body();
        }
    }

    @NetNamespace("ns1")
    @NetNamespace("ns2")
    @VethPair(name = "eth0", namespace = "ns1", peer = "eth0", peerNamespace = "ns2")
    static class NoHost {
        @Route(namespace = "host", to = "10.0.0.0/24", dev = "nsjt-x")
        void onMethod() {
        }
    }

    @NetNamespace("ns1")
    @VethPair(name = "eth0", namespace = "ns1", peer = "eth1", peerNamespace = "ns2")
    @VethPair(name = "nsjt-x", namespace = "ns1", peer = "eth0", peerNamespace = "host")
    static class TwoVeths {
    }
}
