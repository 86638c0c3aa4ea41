package io.github.netnsjunit.samples.dualstack;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seed 4's docker-like bridge, dual-stack: namespace {@code sw} holds bridge br01 with an IPv4 and an IPv6 gateway
 * address and routes (forwarding on for both families) to {@code outside} over an uplink; ns01 and ns02 sit on bridge
 * ports. Nothing is masqueraded: IPv6 is routed end to end, as on a dual-stack network, and so is IPv4 here.
 *
 * <p>ns02 has only the IPv4 default route: the everyday dual-stack mistake. Its IPv4 works, its IPv6 fails, and the
 * failed assertion says why and which {@code @Route} is missing.
 */
@NetNamespace(value = "sw", sysctl = {"net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"})
@NetNamespace("ns01")
@NetNamespace("ns02")
@NetNamespace("outside")
@Bridge(name = "br01", namespace = "sw", address = {"192.168.88.1/24", "fd00:88::1/64"})
@VethPair(name = "veth01", namespace = "ns01", address = {"192.168.88.11/24", "fd00:88::11/64"},
          peer = "br-veth01", peerNamespace = "sw", peerMaster = "br01")
@VethPair(name = "veth02", namespace = "ns02", address = {"192.168.88.12/24", "fd00:88::12/64"},
          peer = "br-veth02", peerNamespace = "sw", peerMaster = "br01")
@VethPair(name = "uplink", namespace = "sw", address = {"10.99.0.1/24", "fd00:99::1/64"},
          peer = "eth0", peerNamespace = "outside", peerAddress = {"10.99.0.2/24", "fd00:99::2/64"})
@Route(namespace = "ns01", to = "default", via = "192.168.88.1")
@Route(namespace = "ns01", to = "default", via = "fd00:88::1")
@Route(namespace = "ns02", to = "default", via = "192.168.88.1")
@Route(namespace = "outside", to = "192.168.88.0/24", via = "10.99.0.1")
@Route(namespace = "outside", to = "fd00:88::/64", via = "fd00:99::1")
class DualStackSample {

    @Test
    @InNamespace("ns01")
    void bothFamiliesCrossTheBridgeAndTheRouter(NetNs ns01) {
        assertThat(ns01).canPing("192.168.88.12").canPing("fd00:88::12")
                .canPing("192.168.88.1").canPing("fd00:88::1")
                .canPing("10.99.0.2").canPing("fd00:99::2");
    }

    @Test
    void tcpOverBothFamiliesKeepsTheSourceAddresses(@Ns("ns01") NetNs ns01, @Ns("outside") NetNs outside)
            throws Exception {
        // one dual-stack listener ("::" takes IPv4 too, as ::ffff:a.b.c.d) in outside
        ServerSocket listener = outside.call(() -> new ServerSocket(8080, 10, InetAddress.getByName("::")));
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "dual-stack-server"));
        try (listener) {
            Future<List<String>> peers = pool.submit(() -> {
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    try (Socket s = listener.accept()) {
                        InetAddress peer = ((InetSocketAddress) s.getRemoteSocketAddress()).getAddress();
                        seen.add(peer.getHostAddress());
                        new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("hello");
                    }
                }
                return seen;
            });
            assertThat(ns01.call(() -> hello("10.99.0.2"))).isEqualTo("hello");
            assertThat(ns01.call(() -> hello("fd00:99::2"))).isEqualTo("hello");
            assertThat(peers.get(5, TimeUnit.SECONDS)).containsExactly("192.168.88.11", "fd00:88:0:0:0:0:0:11");
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingIpv6DefaultRouteIsExplained(@Ns("ns02") NetNs ns02) {
        assertThat(ns02).canPing("10.99.0.2").canPing("fd00:88::1"); // IPv4 out, IPv6 on the bridge's network
        assertThatThrownBy(() -> assertThat(ns02).canPing("fd00:99::2"))
                .hasMessageContaining("cause (no route): no route to fd00:99::2 in ns02 (ENETUNREACH, nothing was"
                        + " sent): its main routing table has no route covering fd00:99::/64, the network of"
                        + " fd00:99::2 in outside, and no default route")
                .hasMessageContaining("fix: add the route: @Route(namespace = \"ns02\", to = \"fd00:99::/64\", via ="
                        + " \"fd00:88::1\") (or to = \"default\"); the router needs net.ipv6.conf.all.forwarding=1");
        assertThatThrownBy(() -> assertThat(ns02).canConnect("fd00:99::2", 8080))
                .hasMessageContaining("cause (no route): no route to fd00:99::2 in ns02");
        PathTrace trace = ns02.trace("fd00:99::2");
        assertThat(trace.cause()).isEqualTo(PathTrace.Cause.NO_ROUTE);
    }

    /** One line over TCP, from the calling thread's namespace. */
    private static String hello(String address) throws Exception {
        try (Socket s = new Socket(address, 8080)) {
            s.setSoTimeout(5000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
