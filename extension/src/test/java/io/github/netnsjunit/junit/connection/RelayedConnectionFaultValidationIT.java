package io.github.netnsjunit.junit.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.ConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault.Kind;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Connection faults made by the userspace relay, asked for where no link is relayed or with bad values: one clear
 * message naming the fix, before anything is put in force (oracles: no namespace made for a bad declaration, and
 * {@code nft list ruleset} without a table of ours for a refused call; the relay threads list stays empty).
 */
@NetNamespace("client")
@NetNamespace("server")
@VethPair(name = "veth0", namespace = "client", address = "10.63.0.1/24", peer = "veth1", peerNamespace = "server",
        peerAddress = "10.63.0.2/24")
class RelayedConnectionFaultValidationIT {
    static final AtomicInteger BODIES = new AtomicInteger();

    @KitFixture
    @NetNamespace("client")
    @NetNamespace("server")
    @VethPair(name = "veth0", namespace = "client", address = "10.63.0.1/24", peer = "veth1",
            peerNamespace = "server", peerAddress = "10.63.0.2/24")
    static class BadRelayFaultsTestCase {
        @Test
        @ConnectionFault(namespace = "client", peer = "10.63.0.2", port = 8080, kind = Kind.DELAY_HANDSHAKE,
                amount = 0, direction = ConnectionFault.Direction.TO_PEER)
        @ConnectionFault(namespace = "client", peer = "10.63.0.2", port = 8080, kind = Kind.RESET, delayMillis = 5)
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @Test
    void badDeclarationsAndAMissingRelayAreNamedBeforeAnythingIsBuilt() {
        Set<String> before = Kernel.jvmNamespaces();
        BODIES.set(0);
        var results = Kit.run(BadRelayFaultsTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1).succeeded(0));
        Throwable t = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        System.out.println("[relay validation] " + t.getMessage());
        String first = "@ConnectionFault(namespace = \"client\", peer = \"10.63.0.2\", port = 8080, kind = "
                + "DELAY_HANDSHAKE, direction = TO_PEER) on method check(): ";
        assertThat(t).isInstanceOf(TopologyDeclarationException.class).hasMessage("""
                Invalid network topology declared for class {it} (4 problems):
                  - {first}amount 0 is not a delay for DELAY_HANDSHAKE; give the milliseconds to hold back, 1 to 3600000.
                  - {first}direction TO_PEER means nothing for DELAY_HANDSHAKE, which acts on whole connections; leave direction out.
                  - {first}DELAY_HANDSHAKE is made by the userspace relay, and no link of namespace "client" has @LinkConditions, so none is relayed. Fix: add @LinkConditions(namespace = "client", link = "<its link towards 10.63.0.2>") (no values needed).
                  - @ConnectionFault(namespace = "client", peer = "10.63.0.2", port = 8080, kind = RESET, delayMillis = 5) on method check(): delayMillis 5 is only for SLICE (the gap between segments) and DELAY_DATAGRAMS_AFTER; leave it out.""".replace("{it}", BadRelayFaultsTestCase.class.getName()).replace("{first}", first));
        assertThat(BODIES).hasValue(0);
        assertThat(Kernel.jvmNamespaces()).isEqualTo(before);
    }

    @Test
    void aRelayFaultOnALinkThatIsNotRelayedIsRefusedNamingWhatToDeclare(@Ns("client") NetNs client) {
        assertThatThrownBy(() -> client.connections("10.63.0.2", 8080).slice(100, Duration.ofMillis(20)).apply())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("NetNs(client).connections(\"10.63.0.2\", 8080): SLICE is made by the userspace relay, "
                        + "which holds frames per connection, and no link of namespace \"client\" is carried by it. "
                        + "Fix: declare @LinkConditions(namespace = \"client\", link = \"<its link towards the peer>\")"
                        + " (no values needed), so that the link is built through the relay (this kernel has no "
                        + "sch_netem: the engine auto does so; with netns.junit.conditions.engine=kernel no link is "
                        + "relayed, use auto or userspace).");
        assertThatThrownBy(() -> client.connections("10.63.0.2", 8080).closeAfterBytes(1000).apply())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("NetNs(client).connections(\"10.63.0.2\", 8080): CLOSE_AFTER_BYTES is made "
                        + "by the userspace relay, which holds frames per connection, and no link of namespace "
                        + "\"client\" is carried by it. Fix: declare @LinkConditions(namespace = \"client\"");
        // refused before the segment-size clamp (the nftables part) was put in force
        assertThat(Kernel.nftRuleset(client.path())).doesNotContain("netns_junit_conn");
        assertThatThrownBy(() -> client.connections("10.63.0.2", 8080).delayFirstByte(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("NetNs(client).connections(\"10.63.0.2\", "
                        + "8080): delay PT-0.001S is negative; give a duration of 1 ms to 1 h.");
        assertThatThrownBy(() -> client.connections("10.63.0.2", 8080).slice(100, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a gap of less than a millisecond");
        assertThatThrownBy(() -> client.connections("10.63.0.2", 8080).delayHandshake(Duration.ofHours(2)).apply())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount 3600001 is not a delay for DELAY_HANDSHAKE");
    }
}
