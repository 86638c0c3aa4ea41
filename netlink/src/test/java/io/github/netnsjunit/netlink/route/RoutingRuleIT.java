package io.github.netnsjunit.netlink.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Policy routing against the live kernel in a fresh namespace: a rule and a route in its table, added in one batch,
 * read back with {@code ip -j rule} and {@code ip -j route show table}, and followed by the kernel's own lookup
 * ({@code ip route get ... mark}).
 */
class RoutingRuleIT {
    private NamespaceHandle ns;
    private RouteClient route;

    @BeforeEach
    void namespace() {
        ns = NamespaceHandle.createAll(List.of("rules"), n -> { }).get(0);
        route = RouteClient.of(ns);
        route.changes().addLink("a0", 10, new VethLink("a1", -1, null, 11, 0, null), 0, null)
                .addAddress(10, "a0", IpPrefix.parse("10.5.0.1/24"))
                .linkUp(10, "a0").linkUp(11, "a1").execute();
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void aMarkedPacketIsRoutedByTheRulesTable() {
        RoutingRule rule = new RoutingRule(2, IpPrefix.parse("10.5.0.0/24"), null, 7, 0xff, null, null, 100, 300);
        route.changes()
                .addRoute(IpPrefix.parse("10.9.0.0/16"), IpAddresses.parse("10.5.0.2"), 10, "a0", 300)
                .addRule(rule)
                .execute();

        assertThat(Oracle.run(ns, "ip", "-j", "rule", "show", "priority", "100"))
                .contains("\"src\":\"10.5.0.0\"", "\"srclen\":24", "\"fwmark\":\"0x7\"", "\"fwmask\":\"0xff\"",
                        "\"table\":\"300\"");
        assertThat(Oracle.run(ns, "ip", "-j", "route", "show", "table", "300"))
                .contains("\"dst\":\"10.9.0.0/16\"", "\"gateway\":\"10.5.0.2\"", "\"dev\":\"a0\"");
        // the kernel's own lookup follows the rule only for marked packets from the source network
        assertThat(Oracle.run(ns, "ip", "-j", "route", "get", "10.9.1.1", "from", "10.5.0.1", "mark", "7"))
                .contains("\"gateway\":\"10.5.0.2\"");
        assertThat(Oracle.run(ns, "sh", "-c", "ip route get 10.9.1.1 from 10.5.0.1 2>&1 || true"))
                .contains("unreachable");

        route.changes().deleteRule(rule).execute();
        assertThat(Oracle.run(ns, "ip", "-j", "rule", "show", "priority", "100")).isEqualTo("[]\n");
    }
}
