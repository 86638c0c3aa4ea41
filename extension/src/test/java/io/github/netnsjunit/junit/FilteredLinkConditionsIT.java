package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.LinkConditions.Direction;
import io.github.netnsjunit.junit.LinkConditions.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Filtered {@code @LinkConditions} as a user writes them, under the default engine: a 30 ms delay both ways for
 * the conversations with port 8080 only. The TCP handshake to port 8080 (SYN out, SYN-ACK back) takes two delays;
 * the one to port 8081, and pings, none.
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "172.23.0.1/24", peer = "veth1", peerNamespace = "ns1",
        peerAddress = "172.23.0.2/24")
@LinkConditions(namespace = "ns0", link = "veth0", delay = "30ms", protocol = Protocol.TCP, toPort = 8080,
        direction = Direction.BOTH)
class FilteredLinkConditionsIT {

    @Test
    void onlyTheConversationWithPort8080IsDelayed(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) throws Exception {
        InetAddress server = InetAddress.getByName("172.23.0.2");
        try (ServerSocket slow = ns1.call(() -> new ServerSocket(8080, 50, server));
                ServerSocket fast = ns1.call(() -> new ServerSocket(8081, 50, server))) {
            assertThat(ns0.ping("172.23.0.2", 3, Duration.ofSeconds(1)).rtts())
                    .allSatisfy(d -> assertThat(d).isLessThan(Duration.ofMillis(25)));
            for (int i = 0; i < 3; i++) {
                assertThat(connectMillis(ns0, server, 8080)).isBetween(59L, 400L);
                assertThat(connectMillis(ns0, server, 8081)).isLessThan(25L);
            }
        }
    }

    private static long connectMillis(NetNs ns, InetAddress server, int port) throws Exception {
        return ns.call(() -> {
            try (Socket s = new Socket()) {
                long start = System.nanoTime();
                s.connect(new InetSocketAddress(server, port), 2000);
                return (System.nanoTime() - start) / 1_000_000;
            }
        });
    }
}
