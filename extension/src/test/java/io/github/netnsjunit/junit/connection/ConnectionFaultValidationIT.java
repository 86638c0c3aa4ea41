package io.github.netnsjunit.junit.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.ConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault.Direction;
import io.github.netnsjunit.junit.ConnectionFault.Kind;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Bad {@code @ConnectionFault} declarations fail the test with one {@link TopologyDeclarationException} naming each
 * problem and its fix, before anything is built: the body never runs and no namespace is made (the oracle:
 * {@code /proc/PID/task/TID/ns/net} of every thread, and the namespaces the machine knows).
 */
class ConnectionFaultValidationIT {
    static final AtomicInteger BODIES = new AtomicInteger();

    @KitFixture
    @NetNamespace("client")
    @NetNamespace("server")
    @VethPair(name = "veth0", namespace = "client", address = "10.62.0.1/24", peer = "veth1",
            peerNamespace = "server", peerAddress = "10.62.0.2/24")
    static class BadFaultsTestCase {
        @Test
        @ConnectionFault(namespace = "clinet", peer = "10.62.0.2", port = 8080, kind = Kind.RESET)
        @ConnectionFault(namespace = "client", peer = "10.62.0.x", port = 70000, kind = Kind.SLICE, amount = 10)
        @ConnectionFault(namespace = "client", peer = "10.62.0.2", port = 8080, kind = Kind.FAIL_FIRST,
                direction = Direction.TO_PEER)
        @ConnectionFault(namespace = "client", peer = "192.0.2.1", port = 53, kind = Kind.DROP_DATAGRAMS_AFTER,
                amount = 1, direction = Direction.TO_PEER)
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @Test
    void everyBadDeclarationIsNamedBeforeAnythingIsBuilt() {
        Set<String> before = Kernel.jvmNamespaces();
        BODIES.set(0);
        var results = Kit.run(BadFaultsTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1).succeeded(0));
        Throwable t = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        System.out.println("[validation] " + t.getMessage());
        assertThat(t).isInstanceOf(TopologyDeclarationException.class).hasMessage("""
                Invalid network topology declared for class {it} (7 problems):
                  - @ConnectionFault(namespace = "clinet", peer = "10.62.0.2", port = 8080, kind = RESET) on method check(): namespace "clinet" is not declared; the topology's namespaces are: "client", "server".
                  - @ConnectionFault(namespace = "client", peer = "10.62.0.x", port = 70000, kind = SLICE, amount = 10) on method check(): peer "10.62.0.x" is not an IP address ("10.62.0.x" is not an IP address literal); write a literal address such as "10.0.0.2" or "fd00::2".
                  - @ConnectionFault(namespace = "client", peer = "10.62.0.x", port = 70000, kind = SLICE, amount = 10) on method check(): port 70000 is outside 1..65535; name the server's port of the connections to fault.
                  - @ConnectionFault(namespace = "client", peer = "10.62.0.x", port = 70000, kind = SLICE, amount = 10) on method check(): amount 10 is not a segment size for SLICE; give 48 to 65535 bytes (the kernel raises a smaller maximum segment size to net.ipv4.tcp_min_snd_mss, 48).
                  - @ConnectionFault(namespace = "client", peer = "10.62.0.2", port = 8080, kind = FAIL_FIRST, direction = TO_PEER) on method check(): amount 0 is not a number of connection attempts for FAIL_FIRST; give how many attempts fail before one succeeds, 1 to 2147483646.
                  - @ConnectionFault(namespace = "client", peer = "10.62.0.2", port = 8080, kind = FAIL_FIRST, direction = TO_PEER) on method check(): direction TO_PEER means nothing for FAIL_FIRST, which acts on whole connections; leave direction out.
                  - @ConnectionFault(namespace = "client", peer = "192.0.2.1", port = 53, kind = DROP_DATAGRAMS_AFTER, amount = 1, direction = TO_PEER) on method check(): direction TO_PEER drops datagrams where the peer receives them, but 192.0.2.1 is not an address of the topology; use direction = FROM_PEER, or a peer the topology declares (a drop where they are sent would fail the sender's send with EPERM).""".replace("{it}", BadFaultsTestCase.class.getName()));
        assertThat(BODIES).hasValue(0);
        assertThat(Kernel.jvmNamespaces()).isEqualTo(before);
    }
}
