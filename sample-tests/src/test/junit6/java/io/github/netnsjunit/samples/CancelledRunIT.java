package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * JUnit 6 only (src/test/junit6, compiled by -Pjunit6 and -Pjunit6.1): a run cancelled through the launcher's
 * {@link CancellationToken} (what {@code --fail-fast} uses) while a test's topology is live still tears everything
 * down. The oracle is this JVM's /proc: open fds, threads and the network namespaces it holds or runs in are those of
 * before the run once it returns, or fewer. Isolated: no other test of this JVM runs meanwhile (the 6.x legs run in
 * parallel).
 */
@Isolated
class CancelledRunIT {

    /** Five tests on a two-namespace topology, one after the other; not run by Failsafe itself (a nested class). */
    @Execution(ExecutionMode.SAME_THREAD)
    @NetNamespace("left")
    @NetNamespace("right")
    @VethPair(name = "l0", namespace = "left", address = "10.77.0.1/24", peer = "r0", peerNamespace = "right",
            peerAddress = "10.77.0.2/24")
    static class FiveTests {
        @Test
        void one(@Ns("left") NetNs left) {
            assertThat(left).canPing("10.77.0.2");
        }

        @Test
        void two(@Ns("left") NetNs left) {
            assertThat(left).canPing("10.77.0.2");
        }

        @Test
        void three(@Ns("left") NetNs left) {
            assertThat(left).canPing("10.77.0.2");
        }

        @Test
        void four(@Ns("left") NetNs left) {
            assertThat(left).canPing("10.77.0.2");
        }

        @Test
        void five(@Ns("left") NetNs left) {
            assertThat(left).canPing("10.77.0.2");
        }
    }

    /**
     * Open fds, thread names and network namespaces of this JVM, from /proc. The JVM's own native threads are left
     * out: HotSpot starts more of them on demand (G1's concurrent refinement threads "G1 Refine#N", GC workers,
     * compiler threads: seen in CI, a "G1 Refine#1" born during the run) and they never enter a namespace of ours.
     */
    private record State(int fds, List<String> threads, Set<String> namespaces) {
        private static final java.util.regex.Pattern JVM_OWN = java.util.regex.Pattern.compile(
                "G1 .*|GC Thread#\\d+|C[12] CompilerThre.*");

        static State now() {
            return new State(Kernel.openFds(), Kernel.taskNames().stream().filter(t -> !JVM_OWN.matcher(t).matches())
                    .sorted().toList(), Kernel.jvmNamespaces());
        }

        /**
         * Nothing more than {@code before}: no namespace, thread (by name, counted) or fd it lacked. Less is allowed:
         * a thread an earlier test class left behind (a JDK HttpClient's idle worker in its namespace, named in a
         * warning) may end on its own timer meanwhile, with its namespace (seen in CI's JUnit 6.1 leg).
         */
        boolean within(State before) {
            if (fds > before.fds || !before.namespaces.containsAll(namespaces)) {
                return false;
            }
            java.util.Map<String, Long> had = before.threads.stream().collect(java.util.stream.Collectors.groupingBy(
                    t -> t, java.util.stream.Collectors.counting()));
            return threads.stream().collect(java.util.stream.Collectors.groupingBy(t -> t,
                    java.util.stream.Collectors.counting())).entrySet().stream()
                    .allMatch(e -> e.getValue() <= had.getOrDefault(e.getKey(), 0L));
        }
    }

    private static TestExecutionSummary run(CancellationToken token, TestExecutionListener... more) {
        LauncherDiscoveryRequest discovery = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FiveTests.class)).build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherExecutionRequestBuilder.request(discovery).listeners(summary).listeners(more)
                .cancellationToken(token).build());
        return summary.getSummary();
    }

    @Test
    void aRunCancelledWhileATopologyIsLiveLeavesNoNamespaceThreadOrFd() throws Exception {
        // once uncancelled: what a first run starts for good (the JDK's and JUnit's lazily started parts)
        TestExecutionSummary warmup = run(CancellationToken.disabled());
        assertThat(warmup.getTestsSucceededCount()).as("warm-up run").isEqualTo(5);
        State before = State.now();

        CancellationToken token = CancellationToken.create();
        TestExecutionListener cancelAtTheSecondTest = new TestExecutionListener() {
            private int started;

            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest() && ++started == 2) {
                    token.cancel(); // as --fail-fast does after a failure: the running test ends, nothing new starts
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            }
        };
        TestExecutionSummary cancelled = run(token, cancelAtTheSecondTest);

        assertThat(token.isCancellationRequested()).isTrue();
        assertThat(cancelled.getTestsStartedCount()).as("started before the cancellation").isEqualTo(2);
        assertThat(cancelled.getTestsSucceededCount()).isEqualTo(2);
        assertThat(cancelled.getTestsFailedCount()).isZero();
        assertThat(cancelled.getTestsSkippedCount()).as("never started: cancelled").isEqualTo(3);
        // threads end asynchronously after their last task: allow them a few seconds
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        State after = State.now();
        while (!after.within(before) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = State.now();
        }
        assertThat(before.namespaces()).as("network namespaces of this JVM").containsAll(after.namespaces());
        assertThat(after.within(before)).as("threads and fds of this JVM, after %s, before %s", after, before)
                .isTrue();
    }
}
