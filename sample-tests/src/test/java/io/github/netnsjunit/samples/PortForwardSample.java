package io.github.netnsjunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PortForward;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * {@code docker run -p 8080:80}: a server in {@code web} behind gateway {@code gw} is reached through the gateway's
 * address; the server sees the client's real address (DNAT only).
 */
@NetNamespace("client")
@NetNamespace("gw")
@NetNamespace("web")
@VethPair(name = "eth0", namespace = "client", address = "10.98.0.2/24",
          peer = "wan", peerNamespace = "gw", peerAddress = "10.98.0.1/24")
@VethPair(name = "lan", namespace = "gw", address = "192.168.88.1/24",
          peer = "eth0", peerNamespace = "web", peerAddress = "192.168.88.12/24")
@Route(namespace = "web", to = "default", via = "192.168.88.1")
@PortForward(namespace = "gw", protocol = "tcp", port = 8080, to = "192.168.88.12:80", inInterface = "wan")
class PortForwardSample {

    @Test
    void gatewayPortReachesTheServer(@Ns("client") NetNs client, @Ns("web") NetNs web) throws Exception {
        try (PeerRecorder server = PeerRecorder.listen(web, "192.168.88.12", 80)) {
            assertThat(PeerRecorder.connect(client, "10.98.0.1", 8080)).isEqualTo("hello");
            assertThat(server.peerAddress()).isEqualTo("10.98.0.2");
        }
    }
}
