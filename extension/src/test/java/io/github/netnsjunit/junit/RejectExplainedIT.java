package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.assertj.NetAssertions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A connect refused by the test's own {@code NetNs.reject} is explained as such, not as "nothing listens" (issue 24
 * item 10). The oracle: a server does listen there, and accepts the same connection once the rule is gone. Before:
 * "answered the SYN with a TCP reset (nothing listens on port 8080 there)".
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "10.51.0.1/24", peer = "veth1", peerNamespace = "ns1",
        peerAddress = "10.51.0.2/24")
class RejectExplainedIT {
    @Test
    void aConnectRefusedByOurRejectRuleSaysSo(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) throws Exception {
        try (ServerSocket server = ns1.call(() -> new ServerSocket(8080, 5, InetAddress.getByName("10.51.0.2")))) {
            try (Block reject = ns0.reject("10.51.0.2", 8080)) {
                assertThatThrownBy(() -> NetAssertions.assertThat(ns0).canConnect("10.51.0.2", 8080,
                        Duration.ofSeconds(1))).isInstanceOf(AssertionError.class)
                        .hasMessageContaining("but the connection was refused by the test's own reject rule"
                                + " (ns0: reject to 10.51.0.2 port 8080), in ns0 before the SYN left it: whether"
                                + " anything listens on 10.51.0.2 port 8080 was never asked")
                        .hasMessageNotContaining("nothing listens");
            }
            assertThat(ns0.canConnect("10.51.0.2", 8080, Duration.ofSeconds(1))).isTrue();
        }
    }
}
