package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import org.junit.jupiter.api.Test;

/** {@link NetNs#routeTo}, against the kernel's own choice as {@code ip route get} reports it inside the namespace. */
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
}
