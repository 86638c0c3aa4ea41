package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A topology's link in the host is out of the host when its teardown returns, although the kernel's unregistration
 * is left to a worker thread (HostLinkRemoval), and those workers end once idle. Oracle: {@code ip -j link} in the
 * host and the JVM's task list.
 */
class HostLinkTeardownIT {
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @KitFixture
    @NetNamespace("ns0")
    @VethPair(name = "nsjt-tdn0", namespace = "host", address = "10.99.73.1/24", peer = "eth0", peerNamespace = "ns0",
            peerAddress = "10.99.73.2/24")
    static class ThreeTestsTestCase {
        @RepeatedTest(3)
        void hostEndExists(Topology topology) {
            String real = topology.linkName("host", "nsjt-tdn0");
            assertThat(Kernel.hostLinkNames()).contains(real);
            SEEN.add(real);
        }
    }

    @Test
    void theHostEndIsGoneWhenTeardownReturnsAndTheWorkersEndWhenIdle() throws Exception {
        EngineExecutionResults results = Kit.run(ThreeTestsTestCase.class);
        // read at once: the teardown of the last test has returned
        Set<String> after = Kernel.hostLinkNames();
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertThat(SEEN).hasSize(3);
        assertThat(after).doesNotContainAnyElementsOf(SEEN);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && Kernel.taskNames().stream().anyMatch(n -> n.startsWith("nsj-host-link"))) {
            Thread.sleep(100);
        }
        assertThat(Kernel.taskNames()).noneMatch(n -> n.startsWith("nsj-host-link"));
    }
}
