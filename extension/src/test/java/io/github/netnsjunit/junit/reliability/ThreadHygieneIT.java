package io.github.netnsjunit.junit.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Topology;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Threads that outlive a test inside its namespace are reported by name, and the namespace goes once they end;
 * virtual threads are refused where they would run namespace code themselves.
 */
class ThreadHygieneIT {
    static final List<String> NAMESPACES = new CopyOnWriteArrayList<>();
    static final List<ExecutorService> EXECUTORS = new CopyOnWriteArrayList<>();
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @KitFixture
    @NetNamespace("ns0")
    static class LeakyTestCase {
        @Test
        @InNamespace("ns0")
        void leaks(NetNs ns) throws Exception {
            NAMESPACES.add(Kernel.inode(ns.path()));
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "leaky-worker"));
            EXECUTORS.add(executor);
            // the worker starts here, on the pinned thread, and so inside ns0
            SEEN.put("worker netns", executor.submit(Kernel::currentThreadNamespace).get());
        }
    }

    @Test
    void aThreadLeftInTheNamespaceFailsTheTestByNameAndTheNamespaceGoesWhenItEnds() throws Exception {
        NAMESPACES.clear();
        EXECUTORS.clear();
        EngineExecutionResults results;
        try {
            results = Kit.run(LeakyTestCase.class);
            // still held by the worker after the test
            assertThat(Kernel.jvmNamespaces()).containsAll(NAMESPACES);
        } finally {
            for (ExecutorService e : EXECUTORS) {
                e.shutdownNow();
                assertThat(e.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(SEEN.get("worker netns")).isEqualTo(NAMESPACES.get(0));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("leaks"), finishedWithFailure(
                instanceOf(org.junit.platform.commons.JUnitException.class),
                org.junit.platform.testkit.engine.TestExecutionResultConditions.cause(
                        instanceOf(io.github.netnsjunit.junit.TeardownException.class)))));
        String message = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getCause().getMessage();
        System.out.println("[thread hygiene] " + message);
        assertThat(message).matches("(?s)Teardown of the network topology failed \\(1 problem\\):\n"
                + "  - thread 'leaky-worker' \\(tid \\d+\\) in netns ns0 outlived the test inside its namespace: it"
                + " keeps the namespace alive and will run later work there\\. .*");
        long gone = Kernel.await(() -> Kernel.jvmNamespaces().stream().noneMatch(NAMESPACES::contains), 5000);
        System.out.println("[thread hygiene] namespace released " + gone + " ms after the worker was shut down");
        assertThat(gone).isNotNegative();
    }

    // ---------------------------------------------------------------- virtual threads (JDK 21+)

    @KitFixture
    @NetNamespace("ns0")
    static class InNamespaceTestCase {
        @Test
        @InNamespace("ns0")
        void inside() {
            SEEN.put("inside ran", true);
        }
    }

    static Thread startVirtual(Runnable r) throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        java.lang.reflect.Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, r);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void anInNamespaceTestRunFromAVirtualThreadIsRefusedClearly() throws Exception {
        SEEN.clear();
        AtomicReference<EngineExecutionResults> results = new AtomicReference<>();
        Thread t = startVirtual(() -> results.set(Kit.run(InNamespaceTestCase.class)));
        t.join(30_000);
        assertThat(SEEN).doesNotContainKey("inside ran");
        results.get().testEvents().assertThatEvents().haveExactly(1, event(test("inside"), finishedWithFailure(
                instanceOf(IllegalStateException.class))));
        String message = results.get().testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
        System.out.println("[virtual] " + message);
        assertThat(message).startsWith("netns-junit cannot run inside() in netns ns0 from virtual thread ")
                .endsWith(": a namespace belongs to an OS thread, and a virtual thread moves between carriers."
                        + " Run the test on a platform thread (the default).");
    }

    @KitFixture
    @NetNamespace("ns0")
    static class VirtualCallerTestCase {
        @Test
        void callsFromAVirtualThread(Topology topology) throws Exception {
            NetNs ns0 = topology.namespace("ns0");
            AtomicReference<Object> seen = new AtomicReference<>();
            Thread t = startVirtual(() -> {
                try {
                    seen.set(ns0.call(Kernel::currentThreadNamespace));
                } catch (Exception e) {
                    seen.set(e);
                }
            });
            t.join(10_000);
            SEEN.put("virtual caller", seen.get());
            SEEN.put("ns0", Kernel.inode(ns0.path()));
        }
    }

    /**
     * NetNs.call from a virtual thread is safe: the code runs on the namespace's pinned platform thread, not on the
     * caller (NetNs's contract: "whichever thread calls it").
     */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aNetNsCallFromAVirtualThreadRunsOnThePinnedPlatformThreadInsideTheNamespace() {
        SEEN.clear();
        Kit.run(VirtualCallerTestCase.class).testEvents().assertStatistics(s -> s.succeeded(1));
        assertThat(SEEN.get("virtual caller")).isEqualTo(SEEN.get("ns0"));
    }
}
