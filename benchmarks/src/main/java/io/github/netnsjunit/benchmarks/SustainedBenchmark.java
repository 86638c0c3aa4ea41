package io.github.netnsjunit.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The sustained case: 1,000 JUnit tests, each with the seed-4 topology, run through the real extension by the
 * JUnit Platform launcher — once with a fresh topology per test, once with one topology per class
 * ({@code @SharedTopology}), and as a control with a fresh topology without a bridge (two namespaces and a veth) —
 * next to the {@code ip -batch} script building and tearing down the same topology.
 *
 * <pre>
 * java -cp benchmarks/target/netns-benchmarks.jar io.github.netnsjunit.benchmarks.SustainedBenchmark [--baseline N]
 * </pre>
 *
 * Each test's time runs from the launcher's "started" to "finished" event, so it includes the extension's setup
 * and teardown, the pinned thread, and one ping.
 */
public final class SustainedBenchmark {
    private SustainedBenchmark() {
    }

    /** Per-test durations and failures of one launcher run. */
    private static final class Recorder implements TestExecutionListener {
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final List<Long> durations = new ArrayList<>();
        private final AtomicInteger failed = new AtomicInteger();

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) {
                started.put(id.getUniqueId(), System.nanoTime());
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                synchronized (durations) {
                    durations.add(System.nanoTime() - started.remove(id.getUniqueId()));
                }
            }
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failed.incrementAndGet();
                result.getThrowable().ifPresent(t -> System.err.println(id.getDisplayName() + ": " + t));
            }
        }
    }

    private record Run(String name, Stats perTest, long totalNanos, int tests, int failed) {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int baseline = 100;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--baseline")) {
                baseline = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: SustainedBenchmark [--baseline N (100)]");
            }
        }
        Launcher launcher = LauncherFactory.create();
        run(launcher, SustainedFixtures.PerTest.class, "warm-up"); // JIT, class loading
        Run perTest = run(launcher, SustainedFixtures.PerTest.class, "fresh topology per test");
        Run shared = run(launcher, SustainedFixtures.Shared.class, "@SharedTopology (one per class)");
        Run noBridge = run(launcher, SustainedFixtures.PerTestNoBridge.class, "fresh, no bridge (2 ns + veth)");

        List<Sample> script = new ArrayList<>();
        try (GoneProbe probe = new GoneProbe()) {
            Variant batch = new IpVariants(probe).batchB();
            for (int i = 0; i < baseline + 10; i++) {
                Sample s = batch.runOnce();
                if (i >= 10) {
                    script.add(s);
                }
            }
        }
        Stats scriptStats = new Stats(script.stream().mapToLong(s -> s.setupNanos() + s.teardownNanos()).toArray());

        System.out.println("netns-junit sustained benchmark: " + SustainedFixtures.TESTS + " tests of seed 4 (bridge,"
                + " two namespaces, routes, ip_forward, masquerade), one ping each, through the JUnit launcher");
        System.out.println("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", kernel: " + System.getProperty("os.version") + ", cores: " + Runtime.getRuntime().availableProcessors());
        Stats scriptWithGone = new Stats(script.stream().mapToLong(s -> s.goneNanos() < 0 ? -1
                : s.setupNanos() + s.goneNanos()).toArray());
        System.out.println("times in ms per test; 'mean' = total / tests, which in a long run includes the kernel's"
                + " asynchronous destruction of earlier namespaces (it holds locks that new setups wait for)");
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %9s %9s %9s %10s %7s%n", "scope", "median", "mean", "p90", "min",
                "max", "total", "failed");
        for (Run r : List.of(perTest, shared, noBridge)) {
            System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %9.3f %9.3f %9.3f %7.0f ms %7d%n", r.name(),
                    r.perTest().median(), r.totalNanos() / 1e6 / r.tests(), r.perTest().percentile(90), r.perTest().min(),
                    r.perTest().max(), r.totalNanos() / 1e6, r.failed());
        }
        System.out.println("distribution (ms): p25 / p50 / p75 / p90 / p99, and the share of the total spent in tests"
                + " slower than 2x the median");
        for (Run r : List.of(perTest, shared, noBridge)) {
            Stats t = r.perTest();
            System.out.printf(Locale.ROOT, "  %-32s %7.2f / %7.2f / %7.2f / %7.2f / %7.2f   %4.0f %% of the time;"
                    + " mean / median %.2f (target <= 1.5)%n", r.name(), t.percentile(25), t.median(), t.percentile(75),
                    t.percentile(90), t.percentile(99), 100 * t.shareAbove(2 * t.median()),
                    r.totalNanos() / 1e6 / r.tests() / t.median());
        }
        System.out.printf(Locale.ROOT, "%-34s %9.3f %9s %9.3f %9.3f %9.3f   setup+teardown, no ping, N=%d%n",
                "ip -batch script, seed 4", scriptStats.median(), "", scriptStats.percentile(90), scriptStats.min(),
                scriptStats.max(), script.size());
        System.out.printf(Locale.ROOT, "%-34s %9.3f %9s %9.3f %9.3f %9.3f   setup until the kernel destroyed it%n",
                "ip -batch script, seed 4 + gone", scriptWithGone.median(), "", scriptWithGone.percentile(90),
                scriptWithGone.min(), scriptWithGone.max());
        System.out.printf(Locale.ROOT, "per-test median / ip -batch setup+teardown median: fresh topology %.2f, shared %.2f%n",
                perTest.perTest().median() / scriptStats.median(), shared.perTest().median() / scriptStats.median());
        System.out.printf(Locale.ROOT, "per-test mean / ip -batch setup-until-destroyed median: fresh topology %.2f, shared %.2f%n",
                perTest.totalNanos() / 1e6 / perTest.tests() / scriptWithGone.median(),
                shared.totalNanos() / 1e6 / shared.tests() / scriptWithGone.median());
        if (perTest.failed() + shared.failed() + noBridge.failed() > 0) {
            System.exit(1);
        }
    }

    private static Run run(Launcher launcher, Class<?> fixture, String name) {
        Recorder recorder = new Recorder();
        long start = System.nanoTime();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), recorder);
        long total = System.nanoTime() - start;
        long[] durations = recorder.durations.stream().mapToLong(Long::longValue).toArray();
        System.err.printf("%s: %d tests in %.0f ms%n", name, durations.length, total / 1e6);
        return new Run(name, new Stats(durations), total, durations.length, recorder.failed.get());
    }
}
