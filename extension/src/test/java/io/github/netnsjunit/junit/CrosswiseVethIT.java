package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import org.junit.jupiter.api.Test;

/**
 * Veth pairs declared around a cycle (a's pair reaches b, b's reaches c, c's reaches a): no namespace can be sent
 * after all those that create links in it, so every creation goes first and the configuration follows (see
 * BuildBatches). Everything must still be up, addressed and routed when the test starts.
 */
@NetNamespace("a")
@NetNamespace("b")
@NetNamespace("c")
@VethPair(name = "ab", namespace = "a", address = "10.61.0.1/24", peer = "ba", peerNamespace = "b",
        peerAddress = "10.61.0.2/24")
@VethPair(name = "bc", namespace = "b", address = "10.62.0.1/24", peer = "cb", peerNamespace = "c",
        peerAddress = "10.62.0.2/24")
@VethPair(name = "ca", namespace = "c", address = "10.63.0.1/24", peer = "ac", peerNamespace = "a",
        peerAddress = "10.63.0.2/24")
@Route(namespace = "a", to = "10.62.0.0/24", via = "10.61.0.2")
class CrosswiseVethIT {

    @Test
    void everyPairIsUpAddressedAndRoutedWhenTheTestStarts(@Ns("a") NetNs a, @Ns("c") NetNs c) {
        // the first packets over each pair go through
        assertThat(a).canPing("10.61.0.2").canPing("10.63.0.1");
        assertThat(c).canPing("10.62.0.1");
        // through the route: b answers for its own address on the b-c pair
        assertThat(a).canPing("10.62.0.1");
        // oracle: ip inside the namespaces
        assertThat(Kernel.nsenter(a.path(), "ip", "-j", "route", "show", "10.62.0.0/24"))
                .contains("\"gateway\":\"10.61.0.2\"").contains("\"dev\":\"ab\"");
        assertThat(Kernel.nsenter(a.path(), "ip", "-j", "-4", "addr", "show"))
                .contains("\"local\":\"10.61.0.1\"").contains("\"local\":\"10.63.0.2\"");
        assertThat(Kernel.nsenter(c.path(), "ip", "-j", "link", "show", "cb")).contains("\"operstate\":\"UP\"");
        assertThat(Kernel.nsenter(c.path(), "ip", "-j", "link", "show", "ca")).contains("\"operstate\":\"UP\"");
    }
}
