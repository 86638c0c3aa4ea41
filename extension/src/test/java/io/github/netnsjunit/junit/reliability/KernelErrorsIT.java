package io.github.netnsjunit.junit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * A declaration that passes validation but that the kernel refuses fails the test with the request, the errno name
 * and the kernel's extended-ack text, and what was built before it is torn down.
 */
class KernelErrorsIT {
    static volatile boolean ran;

    /** The gateway is the broadcast address of the connected prefix: inside it, so valid, but no usable next hop. */
    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "up0", namespace = "host", peer = "eth0", peerNamespace = "ns0")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.60.0.1/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.60.0.2/24")
    @Route(namespace = "ns1", to = "10.61.0.0/16", via = "10.60.0.255")
    static class NetworkAddressGatewayTestCase {
        @Test
        void neverRuns() {
            ran = true;
        }
    }

    @Test
    void aGatewayTheKernelRefusesReportsErrnoAndExtAckAndTearsDown() {
        Set<String> namespacesBefore = Kernel.jvmNamespaces();
        Set<String> linksBefore = Kernel.hostLinkNames();
        var results = Kit.run(NetworkAddressGatewayTestCase.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Throwable t = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        System.out.println("[kernel error] " + t);
        assertThat(ran).isFalse();
        assertThat(t.getClass().getSimpleName()).isEqualTo("NetlinkException");
        assertThat(t.getMessage()).isEqualTo(
                "RTM_NEWROUTE 10.61.0.0/16 via 10.60.0.255 in netns ns1: EINVAL (Nexthop has invalid gateway)");
        assertThat(Kernel.jvmNamespaces()).isEqualTo(namespacesBefore);
        // links of other test runs on this machine come and go: check the ones no test may touch
        assertThat(Kernel.hostLinkNames()).containsAll(Kernel.physical(linksBefore));
        assertThat(Kernel.ourHostLinks()).isEmpty();
    }
}
