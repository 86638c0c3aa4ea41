package io.github.netnsjunit.junit.trace;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.PolicyRule;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 3: the trace follows policy rules. A router {@code r} between a client and a server has a third link
 * to {@code d}, a namespace that does not forward; a declared rule sends the client's traffic (by source, or by a
 * mark set in r's prerouting) to table 100, whose default route goes to d. The trace asks the kernel for the route
 * of the very packet (RTM_GETROUTE with its source, the link it arrived on and its mark) and names the rule and the
 * table. Oracles: {@code ip -j route get ... from ... iif ... [mark ...]} and {@code ip -j rule} in r.
 */
@NetNamespace("c")
@NetNamespace(value = "r", sysctl = "net.ipv4.ip_forward=1")
@NetNamespace("s")
@NetNamespace("d")
@VethPair(name = "a0", namespace = "c", address = "10.61.0.1/24", peer = "a1", peerNamespace = "r",
        peerAddress = "10.61.0.2/24")
@VethPair(name = "b0", namespace = "r", address = "10.62.0.1/24", peer = "b1", peerNamespace = "s",
        peerAddress = "10.62.0.2/24")
@VethPair(name = "d0", namespace = "r", address = "10.63.0.1/24", peer = "d1", peerNamespace = "d",
        peerAddress = "10.63.0.2/24")
@Route(namespace = "c", via = "10.61.0.2")
@Route(namespace = "s", via = "10.62.0.1")
@Route(namespace = "r", via = "10.63.0.2", table = 100)
class PolicyRouteTraceIT {

    @Test
    @PolicyRule(namespace = "r", from = "10.61.0.0/24", priority = 100, table = 100)
    void aSourceRuleIsNamedWithItsTable(@Ns("c") NetNs c, @Ns("r") NetNs r) {
        assertThat(Kernel.nsenter(r.path(), "ip", "-j", "rule", "show", "priority", "100"))
                .contains("\"src\":\"10.61.0.0\"", "\"srclen\":24", "\"table\":\"100\"");
        assertThat(Kernel.nsenter(r.path(), "ip", "-j", "route", "get", "10.62.0.2", "from", "10.61.0.1", "iif", "a1"))
                .contains("\"gateway\":\"10.63.0.2\"", "\"table\":\"100\"");
        String expected = "in r, policy rule \"rule from 10.61.0.0/24 priority 100 table 100\" (@PolicyRule";
        PathTrace trace = c.trace("10.62.0.2");
        assertThat(trace.cause()).isEqualTo(PathTrace.Cause.POLICY_ROUTE);
        assertThat(trace.explanation()).startsWith(expected)
                .contains(") sends the probe from 10.61.0.1 arriving on a1 to table 100, whose route is \"default via"
                        + " 10.63.0.2 dev d0\", which leads to d, not toward s (which owns 10.62.0.2); the main table"
                        + " would route it \"10.62.0.0/24 dev b0 proto kernel scope link src 10.62.0.1\" (to s)");
        assertThat(trace.fix()).startsWith("fix the routes of table 100 in r (@Route(namespace = \"r\", table = 100,");
        assertThatThrownBy(() -> assertThat(c).canPing("10.62.0.2"))
                .hasMessageContaining("cause (policy rule): " + expected);
    }

    @Test
    @PolicyRule(namespace = "r", fwmark = "0x7", priority = 100, table = 100)
    void aMarkRuleIsFollowedWithTheMarkNftablesSaw(@Ns("c") NetNs c, @Ns("r") NetNs r) {
        assertThat(c).canPing("10.62.0.2"); // unmarked, the client's packets take the main table
        Kernel.nsenter(r.path(), "nft", "add table ip marking; add chain ip marking pre { type filter hook prerouting"
                + " priority -150; }; add rule ip marking pre ip saddr 10.61.0.1 meta mark set 7");
        assertThat(Kernel.nsenter(r.path(), "ip", "-j", "route", "get", "10.62.0.2", "from", "10.61.0.1", "iif", "a1",
                "mark", "7")).contains("\"gateway\":\"10.63.0.2\"", "\"table\":\"100\"");
        PathTrace trace = c.trace("10.62.0.2");
        assertThat(trace.cause()).isEqualTo(PathTrace.Cause.POLICY_ROUTE);
        assertThat(trace.explanation()).startsWith("in r, policy rule \"rule fwmark 0x7 priority 100 table 100\"")
                .contains("sends the probe from 10.61.0.1 arriving on a1 with mark 0x7 to table 100, whose route is"
                        + " \"default via 10.63.0.2 dev d0\", which leads to d");
    }
}
