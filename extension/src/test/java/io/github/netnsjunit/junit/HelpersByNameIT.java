package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The helpers take the topology's host names (issue 24 item 10): answered from the topology's own names, on JDK 17
 * too. The oracle is the far end: a server in {@code db} that accepts the connection, and its echo replies counted
 * by ping. Before: every call failed with "\"db\" is not an IP address literal".
 */
@NetNamespace("app")
@NetNamespace(value = "db", hostnames = "db")
@VethPair(name = "eth0", namespace = "app", address = {"10.50.0.1/24", "fd50::1/64"}, peer = "eth0",
        peerNamespace = "db", peerAddress = {"10.50.0.2/24", "fd50::2/64"})
class HelpersByNameIT {
    @Test
    void pingConnectTraceAndTheAssertionsResolveTheTopologysNames(@Ns("app") NetNs app, @Ns("db") NetNs db)
            throws Exception {
        org.assertj.core.api.Assertions.assertThat(app.ping("db", 2, Duration.ofSeconds(1)).received()).isEqualTo(2);
        try (ServerSocket server = db.call(() -> new ServerSocket(7100, 5, InetAddress.getByName("10.50.0.2")))) {
            CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    return s.getInetAddress().getHostAddress();
                } catch (Exception e) {
                    return e.toString();
                }
            }, r -> new Thread(r, "accept").start());
            org.assertj.core.api.Assertions.assertThat(app.canConnect("db", 7100, Duration.ofSeconds(2))).isTrue();
            org.assertj.core.api.Assertions.assertThat(accepted.get(5, TimeUnit.SECONDS)).isEqualTo("10.50.0.1");
        }
        assertThat(app).canPing("db");
        org.assertj.core.api.Assertions.assertThat(app.trace("db").toString()).contains("10.50.0.2");
        assertThatThrownBy(() -> app.ping("nodb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"nodb\" is neither an IP address literal nor a host name of the topology of netns app"
                        + " (its names are db). Write an address such as \"10.0.0.2\" or \"fd00::2\", or a name the"
                        + " topology declares (@NetNamespace(hostnames = ...), @HostEntry).");
    }
}
