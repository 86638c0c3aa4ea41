package io.github.netnsjunit.junit.assertj;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The reachability assertions return as soon as the answer is known, and say what happened in plain words. The
 * bounds are functional: "returned before its one-second timeout", never a speed target (the benchmark measures
 * that).
 */
@NetNamespace("ns0")
@NetNamespace("ns1")
@VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
          peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
class FastAssertionsIT {

    @Test
    @InNamespace("ns1")
    void aPassingCanPingReturnsAtTheFirstReply(NetNs ns1) {
        long start = System.nanoTime();
        assertThat(ns1).canPing("172.18.0.2");
        // three requests 200 ms apart would take 400 ms at least
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
    }

    @Test
    void noRouteFailsAtOnceAndSaysNothingWasSent(@Ns("ns1") NetNs ns1) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> assertThat(ns1).canPing("10.77.0.9"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("expected ns1 to reach 10.77.0.9 by ICMP echo, but there is no route to "
                        + "10.77.0.9 in ns1 (ENETUNREACH, nothing was sent)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        long again = System.nanoTime();
        assertThat(ns1).cannotPing("10.77.0.9");
        assertThat(Duration.ofNanos(System.nanoTime() - again)).isLessThan(Duration.ofMillis(900));
    }

    @Test
    void cannotPingOfAnAnsweringAddressSaysItAnswered(@Ns("ns1") NetNs ns1) {
        assertThatThrownBy(() -> assertThat(ns1).cannotPing("172.18.0.2"))
                .hasMessageStartingWith("expected ns1 not to reach 172.18.0.2 by ICMP echo, but 172.18.0.2 answered in ");
    }

    @Test
    void canConnectSaysRefusedWhenNothingListens(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> assertThat(ns1).canConnect("172.18.0.2", 8099))
                .hasMessageStartingWith("expected ns1 to connect to 172.18.0.2 port 8099 by TCP within 1 s, but the "
                        + "connection was refused: 172.18.0.2 answered the SYN with a TCP reset (nothing listens on "
                        + "port 8099 there)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(ns1).cannotConnect("172.18.0.2", 8099);
    }

    @Test
    void canConnectPassesAtTheFirstAcceptAndCannotConnectFailsThen(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1)
            throws Exception {
        try (ServerSocket server = ns0.call(() -> new ServerSocket(8080, 50, InetAddress.getByName("172.18.0.2")))) {
            assertThat(ns1).canConnect("172.18.0.2", 8080);
            assertThatThrownBy(() -> assertThat(ns1).cannotConnect("172.18.0.2", 8080))
                    .hasMessageStartingWith("expected ns1 not to connect to 172.18.0.2 port 8080 by TCP, but the "
                            + "connection was accepted");
        }
    }

    @Test
    void canConnectSaysTimedOutWhenNothingAnswers(@Ns("ns1") NetNs ns1) {
        // on-link, but nobody owns it: ARP goes unanswered, the SYN never leaves
        assertThatThrownBy(() -> assertThat(ns1).canConnect("172.18.0.9", 80, Duration.ofMillis(300)))
                .hasMessageStartingWith("expected ns1 to connect to 172.18.0.9 port 80 by TCP within 300 ms, but no "
                        + "answer came within 300 ms: the SYN was neither accepted nor refused");
    }
}
