package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * JUnit 6.1 only (src/test/junit6.1, compiled by -Pjunit6.1): dynamic tests with execution modes of their own (6.1's
 * {@code executionMode}/{@code childExecutionMode}), concurrent and same-thread, returned by a factory that runs in a
 * namespace: every one of them runs in that namespace (the oracle: /proc/thread-self/ns/net against the namespace's
 * inode) and reaches the peer. .ci/run runs it with parallel mode on, on both 6.1 executors.
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "10.78.0.1/24", peer = "veth1", peerNamespace = "ns1",
        peerAddress = "10.78.0.2/24")
class DynamicExecutionModesSample {
    private static final Map<String, String> RAN_IN = new ConcurrentHashMap<>();

    private static DynamicTest pinging(String name, ExecutionMode mode, NetNs ns1) {
        String expected = Kernel.inode(ns1.path());
        return DynamicTest.dynamicTest(t -> t.displayName(name + " (" + mode + ")").executionMode(mode).executable(() -> {
            RAN_IN.put(name, Kernel.currentThreadNamespace());
            assertThat(Kernel.currentThreadNamespace()).as(name + " runs in ns1").isEqualTo(expected);
            assertThat(ns1).canPing("10.78.0.1");
        }));
    }

    @TestFactory
    @InNamespace("ns1")
    Stream<DynamicNode> pingsWithTheirOwnExecutionModes(NetNs ns1) {
        return Stream.of(
                DynamicContainer.dynamicContainer(c -> c.displayName("concurrent children")
                        .childExecutionMode(ExecutionMode.CONCURRENT)
                        .children(IntStream.range(0, 4).mapToObj(i -> pinging("concurrent " + i, ExecutionMode.CONCURRENT, ns1)))),
                pinging("same thread", ExecutionMode.SAME_THREAD, ns1));
    }

    @AfterAll
    static void everyDynamicTestRan() {
        assertThat(RAN_IN).as("dynamic tests that ran").hasSize(5);
    }
}
