package io.github.netnsjunit.junit;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import org.junit.jupiter.api.Test;

/**
 * A multi-homed server: its default route leaves through {@code eth0} (towards {@code a}), but a client reaches it
 * through {@code b} on {@code eth1}. Only a policy rule ("from 10.2.0.2 use table 100", whose default route goes
 * back through {@code b}) lets the replies return the way the requests came. Oracles: {@code ping} from the client,
 * {@code ip -j rule}, {@code ip -j route show table 100} and the kernel's own lookup {@code ip route get}.
 */
@NetNamespace("srv")
@NetNamespace("a")
@NetNamespace(value = "b", sysctl = "net.ipv4.ip_forward=1")
@NetNamespace("client")
@VethPair(name = "eth0", namespace = "srv", address = "10.1.0.2/24", peer = "a0", peerNamespace = "a",
        peerAddress = "10.1.0.1/24")
@VethPair(name = "eth1", namespace = "srv", address = "10.2.0.2/24", peer = "b0", peerNamespace = "b",
        peerAddress = "10.2.0.1/24")
@VethPair(name = "c0", namespace = "client", address = "10.9.0.2/24", peer = "b1", peerNamespace = "b",
        peerAddress = "10.9.0.1/24")
@Route(namespace = "client", via = "10.9.0.1")
@Route(namespace = "srv", via = "10.1.0.1")
class PolicyRoutingIT {

    @Test
    void withoutARuleTheRepliesLeaveByTheDefaultRoute(@Ns("client") NetNs client, @Ns("srv") NetNs srv) {
        assertThat(client).cannotPing("10.2.0.2");
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "route", "get", "10.9.0.2", "from", "10.2.0.2"))
                .contains("\"gateway\":\"10.1.0.1\"");
    }

    @Test
    @PolicyRule(namespace = "srv", from = "10.2.0.2/32", priority = 100, table = 100)
    @Route(namespace = "srv", via = "10.2.0.1", table = 100)
    void aRuleSendsTheRepliesBackTheWayTheyCame(@Ns("client") NetNs client, @Ns("srv") NetNs srv) {
        assertThat(client).canPing("10.2.0.2");
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "rule", "show", "priority", "100"))
                .contains("\"src\":\"10.2.0.2\"", "\"table\":\"100\"");
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "route", "show", "table", "100"))
                .contains("\"dst\":\"default\"", "\"gateway\":\"10.2.0.1\"");
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "route", "get", "10.9.0.2", "from", "10.2.0.2"))
                .contains("\"gateway\":\"10.2.0.1\"");
    }

    @Test
    @PolicyRule(namespace = "srv", fwmark = "0x7/0xff", priority = 200, table = 300)
    @Route(namespace = "srv", to = "10.9.0.0/24", via = "10.2.0.1", table = 300)
    void aMarkRuleWithoutPrefixesIsMadeForBothFamilies(@Ns("srv") NetNs srv) {
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "-4", "rule", "show", "priority", "200"))
                .contains("\"fwmark\":\"0x7\"", "\"fwmask\":\"0xff\"", "\"table\":\"300\"");
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "-6", "rule", "show", "priority", "200"))
                .contains("\"fwmark\":\"0x7\"", "\"table\":\"300\"");
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "route", "get", "10.9.0.2", "mark", "7"))
                .contains("\"gateway\":\"10.2.0.1\"");
    }

    @Test
    @PolicyRule(namespace = "srv", from = "10.2.0.2/32", priority = 100, table = 100)
    @Route(namespace = "srv", via = "10.1.0.1", table = 100)
    @Route(namespace = "srv", to = "10.9.0.0/24", via = "10.2.0.1")
    void theTraceFollowsTheRuleOfTheRepliesSource(@Ns("client") NetNs client, @Ns("srv") NetNs srv) {
        // the main table would send the reply back through eth1; the rule on its source sends it out of eth0
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "route", "get", "10.9.0.2"))
                .contains("\"dev\":\"eth1\"");
        assertThat(Kernel.nsenter(srv.path(), "ip", "-j", "route", "get", "10.9.0.2", "from", "10.2.0.2"))
                .contains("\"gateway\":\"10.1.0.1\"", "\"dev\":\"eth0\"", "\"table\":\"100\"");
        PathTrace trace = client.trace("10.2.0.2");
        assertThat(trace.cause()).isEqualTo(PathTrace.Cause.ASYMMETRIC_ROUTE);
        // (the first request to arrive is b's ARP request for 10.2.0.2: rp_filter checks it against the same route)
        assertThat(trace.explanation()).contains("reached srv on eth1, but srv routes its reply to ")
                .contains(" out of eth0 (default via 10.1.0.1 dev eth0, table 100, chosen by a policy rule), not back"
                        + " through eth1 (asymmetric route); the reply left through eth0 and was lost there");
    }
}
