package io.github.netnsjunit.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetnsConfig;
import io.github.netnsjunit.junit.VethPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The per-test cost of the recommended style for real clients (issue 19) against today's fresh topology per test,
 * through the JUnit launcher with {@code netns.junit.jvmNamespace=private}. Both give the client a server namespace
 * behind a veth, fresh for every test:
 * <ul>
 *   <li><b>fresh</b>: namespaces {@code cli} and {@code srv}, a veth between them, the body in
 *       {@code @InNamespace("cli")} (on cli's pinned thread);</li>
 *   <li><b>host node</b>: namespace {@code srv} and a veth to {@code "host"} (the JVM's private namespace, re-wired
 *       each test: the host end, its addresses and routes made and removed), the body on JUnit's thread, the host
 *       compared with its baseline after each teardown, and the host turn taken and released.</li>
 * </ul>
 * Prints medians and the ratio. Run as root: {@code java -cp benchmarks/target/netns-benchmarks.jar
 * io.github.netnsjunit.benchmarks.HostNodeBenchmark}.
 */
public final class HostNodeBenchmark {
    /** Tests per fixture. */
    static final int TESTS = 200;

    private HostNodeBenchmark() {
    }

    /** Today's style: a fresh client namespace per test. */
    @NetNamespace("cli")
    @NetNamespace("srv")
    @VethPair(name = "eth0", namespace = "cli", address = "10.78.0.1/24", peer = "eth0", peerNamespace = "srv",
            peerAddress = "10.78.0.2/24")
    static class Fresh {
        @RepeatedTest(TESTS)
        @InNamespace("cli")
        void client() {
        }
    }

    /** The recommended style: the client in the JVM's private namespace, a node of the topology. */
    @NetNamespace("srv")
    @VethPair(name = "hn0", namespace = "host", address = "10.78.1.1/24", peer = "eth0", peerNamespace = "srv",
            peerAddress = "10.78.1.2/24")
    static class HostNode {
        @RepeatedTest(TESTS)
        void client() {
        }
    }

    /** Per-test durations of one run. */
    private static final class Recorder implements TestExecutionListener {
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final List<Long> durations = new ArrayList<>();
        private int failed;

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) {
                started.put(id.getUniqueId(), System.nanoTime());
            }
        }

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                durations.add(System.nanoTime() - started.remove(id.getUniqueId()));
            }
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                failed++;
                result.getThrowable().ifPresent(t -> System.err.println(id.getDisplayName() + ": " + t));
            }
        }
    }

    /** Entry point. */
    public static void main(String[] args) {
        Launcher launcher = LauncherFactory.create();
        run(launcher, Fresh.class);    // warm-up: JIT, class loading; also makes the JVM's namespace private
        run(launcher, HostNode.class);
        Stats fresh = run(launcher, Fresh.class);
        Stats host = run(launcher, HostNode.class);
        System.out.printf(Locale.ROOT, "per test, %d tests each, %d cores, %s %s: fresh topology (cli + srv, body in"
                + " cli) median %.3f ms p90 %.3f; host node (srv + veth to the private JVM namespace, baseline"
                + " check) median %.3f ms p90 %.3f; ratio host node / fresh %.2f%n", TESTS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), fresh.median(), fresh.percentile(90), host.median(),
                host.percentile(90), host.median() / fresh.median());
    }

    private static Stats run(Launcher launcher, Class<?> fixture) {
        Recorder recorder = new Recorder();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameter(NetnsConfig.JVM_NAMESPACE, "private").build(), recorder);
        if (recorder.failed > 0) {
            throw new IllegalStateException(recorder.failed + " tests of " + fixture.getSimpleName() + " failed");
        }
        return new Stats(recorder.durations.stream().mapToLong(Long::longValue).toArray());
    }
}
