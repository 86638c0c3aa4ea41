package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link NetNs#routeTo}, against the kernel's own choice as {@code ip route get} reports it inside the namespace;
 * {@link NetNs#linkUp} against the link's qdisc and state as {@code tc} and {@code ip} report them.
 */
@NetNamespace("a")
@NetNamespace("b")
@VethPair(name = "va", namespace = "a", address = "10.51.0.1/24", peer = "vb", peerNamespace = "b",
        peerAddress = "10.51.0.2/24")
@Route(namespace = "b", to = "10.52.0.0/16", via = "10.51.0.1")
class NetNsQueriesIT {

    @Test
    void routeToNamesTheRouteTheKernelPicks(@Ns("b") NetNs b) {
        assertThat(b.routeTo("10.52.3.4")).contains("10.52.0.0/16 via 10.51.0.1 dev vb");
        assertThat(Kernel.nsenter(b.path(), "ip", "route", "get", "10.52.3.4")).contains("via 10.51.0.1 dev vb");
        assertThat(b.routeTo("10.51.0.1")).contains("10.51.0.0/24 dev vb proto kernel scope link src 10.51.0.2");
        assertThat(Kernel.nsenter(b.path(), "ip", "route", "get", "10.51.0.1")).contains("dev vb src 10.51.0.2");
        // no route covers it (a lookup only: nothing is sent)
        assertThat(b.routeTo("10.99.99.99")).isEmpty();
    }

    /**
     * linkUp returns only once the link carries traffic. Until the kernel has activated a link's transmit queue,
     * which it does after setting the operstate to UP, the queue drops every packet: a link-table poll could return
     * too early. Oracle: the first packet right after linkUp is an ARP request (taking the link down flushed the
     * neighbours); were it dropped, the kernel would resend it only after a second ({@code retrans_time_ms}), so a
     * single echo request answered well within that second went through at the first attempt.
     */
    @Test
    void linkUpReturnsOnceTheLinkCarriesTraffic(@Ns("b") NetNs b) {
        assertThat(b.sysctl("net.ipv4.neigh.vb.retrans_time_ms")).isEqualTo("1000");
        for (int round = 0; round < 20; round++) {
            b.linkDown("vb");
            assertThat(Kernel.nsenter(b.path(), "ip", "-o", "link", "show", "vb")).doesNotContain("LOWER_UP");
            b.linkUp("vb");
            assertThat(Kernel.nsenter(b.path(), "ip", "-o", "link", "show", "vb")).as("round %d", round)
                    .contains("state UP").contains("LOWER_UP");
            PingResult first = b.ping("10.51.0.1", 1, Duration.ofMillis(900));
            assertThat(first.received()).as("round %d: %s", round, first).isEqualTo(1);
        }
        b.linkUp("vb"); // already up: returns at once
        assertThat(b.ping("10.51.0.1", 1, Duration.ofSeconds(1)).received()).isEqualTo(1);
    }
}
