package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Virtual-thread carriers are never born in a test's namespace, also after the scheduler's keep-alive (30 s, fixed
 * by the JDK): a test body in ns1 idles for longer than that, then starts as many virtual threads as there are
 * carriers, all running at once. Oracles, read on each virtual thread before the idle time and after: the link
 * {@code /proc/thread-self} — its carrier's kernel task, {@code PID/task/TID}, since a virtual thread's system calls
 * run on its carrier — and {@code /proc/thread-self/ns/net}. Takes about 40 s; JDK 21+. (Without the keeper, JDK 25
 * ended every carrier after 30 s idle: measured by listing {@code /proc/self/task} every 10 s.)
 */
class VirtualThreadCarriersIT {

    @Test
    void carriersStayInTheJvmsNamespacePastTheKeepAlive() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; this is " + Runtime.version());
        EngineExecutionResults results = Kit.run(IdlesPastTheKeepAliveTestCase.class);
        ThreadsLeftBehindIT.printFailures(results);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        String jvm = where("thread-self");
        String ns1 = IdlesPastTheKeepAliveTestCase.NS1.get();
        assertThat(ns1).startsWith("net:[").isNotEqualTo(jvm);
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        assertThat(IdlesPastTheKeepAliveTestCase.VIRTUAL.get()).hasSize(carriers).containsOnly(jvm);
        System.out.println("[carriers] before: " + IdlesPastTheKeepAliveTestCase.BEFORE.get() + " after: "
                + IdlesPastTheKeepAliveTestCase.AFTER.get() + " (jvm " + jvm + ", ns1 " + ns1 + ")");
        assertThat(IdlesPastTheKeepAliveTestCase.AFTER.get()).isNotEmpty().allSatisfy((tid, ns) -> assertThat(ns)
                .as("carrier tid %s", tid).isEqualTo(jvm));
        // the carriers of before are still the same threads: none ended idle (the keeper ran them)
        assertThat(IdlesPastTheKeepAliveTestCase.BEFORE.get()).hasSize(carriers);
        assertThat(IdlesPastTheKeepAliveTestCase.AFTER.get()).isEqualTo(IdlesPastTheKeepAliveTestCase.BEFORE.get());
    }

    static String where(String task) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + task + "/ns/net")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @KitFixture
    @NetNamespace("ns1")
    static class IdlesPastTheKeepAliveTestCase {
        static final AtomicReference<String> NS1 = new AtomicReference<>();
        static final AtomicReference<Map<String, String>> BEFORE = new AtomicReference<>();
        static final AtomicReference<Map<String, String>> AFTER = new AtomicReference<>();
        static final AtomicReference<List<String>> VIRTUAL = new AtomicReference<>();

        @Test
        @InNamespace("ns1")
        void idlesThenStartsVirtualThreads() throws Exception {
            NS1.set(where("thread-self"));
            BEFORE.set(onEveryCarrier().carriers());
            TimeUnit.SECONDS.sleep(40); // longer than the scheduler's keep-alive, 30 s
            Seen after = onEveryCarrier();
            VIRTUAL.set(after.namespaces());
            AFTER.set(after.carriers());
        }

        /** What virtual threads saw, one per carrier: their netns, and carrier tid to netns. */
        record Seen(List<String> namespaces, Map<String, String> carriers) {
        }

        /**
         * Starts as many virtual threads as there are carriers, all running at once; each reads
         * {@code /proc/thread-self} — its carrier's kernel task: {@code PID/task/TID} — and that task's netns.
         */
        static Seen onEveryCarrier() throws Exception {
            int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                    Runtime.getRuntime().availableProcessors());
            Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
            AtomicInteger running = new AtomicInteger();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<Thread> started = new ArrayList<>();
            List<String> namespaces = new ArrayList<>();
            Map<String, String> byTid = new TreeMap<>();
            for (int i = 0; i < carriers; i++) {
                started.add((Thread) start.invoke(null, (Runnable) () -> {
                    running.incrementAndGet();
                    while (running.get() < carriers && System.nanoTime() < deadline) {
                        Thread.onSpinWait(); // all on their carriers at once: every carrier is used
                    }
                    try {
                        String task = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
                        String ns = where("thread-self");
                        synchronized (namespaces) {
                            namespaces.add(ns);
                            byTid.put(task.substring(task.lastIndexOf('/') + 1), ns);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            for (Thread t : started) {
                t.join(10_000);
            }
            synchronized (namespaces) {
                return new Seen(List.copyOf(namespaces), Map.copyOf(byTid));
            }
        }
    }
}
