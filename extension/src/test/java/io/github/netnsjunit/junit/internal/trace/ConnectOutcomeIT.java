package io.github.netnsjunit.junit.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Processes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The one classification of TCP connect outcomes against real connect(2) failures: a namespace given one route of
 * each kind, each attempt classified from what the JDK threw, and the kernel's own word for the same destination
 * ({@code ip route get}'s error, the strerror of the errno connect(2) gets) as the oracle.
 */
@NetNamespace("ns1")
class ConnectOutcomeIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    /** {@code ip route get ADDRESS} in the namespace, which must fail: its error message. */
    private static String routeGetError(NetNs ns, String address) {
        Processes.Result r = Kernel.nsenterResult(ns.path(), "ip", "route", "get", address);
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        return r.stderr();
    }

    private static ConnectOutcome.Attempt attempt(NetNs ns, String address, int port) throws Exception {
        return ns.call(() -> ConnectOutcome.tryOnce(IpAddresses.parse(address), port, TIMEOUT));
    }

    @Test
    void eachKindOfFailureIsClassifiedAsTheKernelSaysIt(@Ns("ns1") NetNs ns1) throws Exception {
        Kernel.nsenter(ns1.path(), "ip", "route", "add", "unreachable", "10.9.0.0/16");
        Kernel.nsenter(ns1.path(), "ip", "route", "add", "prohibit", "10.8.0.0/16");

        assertThat(routeGetError(ns1, "10.77.0.9")).contains("Network is unreachable");
        assertThat(attempt(ns1, "10.77.0.9", 80).outcome()).isEqualTo(ConnectOutcome.NO_ROUTE);

        assertThat(routeGetError(ns1, "10.9.0.1")).contains("No route to host");
        assertThat(attempt(ns1, "10.9.0.1", 80).outcome()).isEqualTo(ConnectOutcome.HOST_UNREACHABLE);

        assertThat(routeGetError(ns1, "10.8.0.1")).contains("Permission denied");
        ConnectOutcome.Attempt prohibited = attempt(ns1, "10.8.0.1", 80);
        assertThat(prohibited.outcome()).isEqualTo(ConnectOutcome.OTHER);
        assertThat(prohibited.message()).contains("Permission denied");

        // lo is up in every namespace of ours; nothing listens on this port there: a reset
        assertThat(Kernel.nsenter(ns1.path(), "ip", "-j", "link", "show", "lo")).contains("\"operstate\":\"UNKNOWN\"");
        assertThat(attempt(ns1, "127.0.0.1", 9).outcome()).isEqualTo(ConnectOutcome.REFUSED);
    }
}
