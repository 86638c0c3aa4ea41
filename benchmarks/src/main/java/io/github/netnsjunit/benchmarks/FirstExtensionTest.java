package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The first test of a run through the extension, as an IDE runs it: {@link FirstTopology} with the system property
 * {@value #PROPERTY} {@code true} has the JUnit Platform launcher (already started by the {@code junit} warm-up of
 * {@link LauncherWarmth}) run {@link OneTopology}, one test with two namespaces and a veth that connects from one to
 * the other, and times it from the launcher's "started" to its "finished" event: the extension's setup (plan, build,
 * the pinned thread), the body and the teardown.
 */
final class FirstExtensionTest {
    /** The system property that sends the child this way. */
    static final String PROPERTY = "netns.benchmark.through-extension";

    private FirstExtensionTest() {
    }

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** The test: a server in nsA, a connect from nsB, as the API child does. */
    @NetNamespace("nsA")
    @NetNamespace("nsB")
    @VethPair(name = "veth0", namespace = "nsA", address = "10.0.0.1/24", peer = "veth1", peerNamespace = "nsB",
            peerAddress = "10.0.0.2/24")
    public static final class OneTopology {
        /** Connects from nsB to a server in nsA. */
        @Test
        void connects(@Ns("nsA") NetNs a, @Ns("nsB") NetNs b) throws Exception {
            try (ServerSocket server = a.call(() -> new ServerSocket(8080, 10, InetAddress.getByName("10.0.0.1")))) {
                if (!b.canConnect("10.0.0.1", server.getLocalPort(), Duration.ofSeconds(1))) {
                    throw new AssertionError("nsB could not connect to 10.0.0.1:8080 in nsA");
                }
            }
        }
    }

    /** Runs {@link OneTopology}; returns the nanoseconds from its test's start event to its finish event. */
    static long run() {
        long[] window = new long[2];
        TestExecutionResult[] result = new TestExecutionResult[1];
        TestExecutionListener timing = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    window[0] = System.nanoTime();
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult outcome) {
                if (id.isTest()) {
                    window[1] = System.nanoTime();
                    result[0] = outcome;
                }
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(OneTopology.class)).build(), timing);
        if (result[0] == null || result[0].getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            throw new IllegalStateException("the first test through the extension did not pass: " + result[0]);
        }
        return window[1] - window[0];
    }
}
