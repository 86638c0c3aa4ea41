package io.github.netnsjunit.netlink.tc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.route.IfbLink;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import org.junit.jupiter.api.Test;

/**
 * Arrivals on a veth end redirected to an ifb and shaped there by tbf, checked with {@code tc -j} (qdiscs, the
 * filter and its mirred action, the ifb's sent-packet counter) and {@code ip -j -d link}; removal leaves nothing.
 */
class IngressRedirectIT {

    @Test
    void arrivalsAreRedirectedToTheIfbAndShapedThere() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            RouteClient rc = RouteClient.of(pair.a());
            rc.changes().addLink("ifb0", 0, IfbLink.KIND, 0, null).execute();
            rc.linkUp("ifb0");
            int v0 = rc.requireLink("v0").index();
            int ifb = rc.requireLink("ifb0").index();
            IngressRedirect.of(pair.a()).redirect(v0, "v0", ifb, "ifb0");
            TrafficControl.of(pair.a()).replaceRoot(ifb, "ifb0", new Tbf(8_000_000, 4096, 54096));

            assertThat(Oracle.run(pair.a(), "tc", "-j", "qdisc", "show", "dev", "v0"))
                    .contains("\"kind\":\"ingress\",\"handle\":\"ffff:\"");
            assertThat(Oracle.run(pair.a(), "tc", "-j", "filter", "show", "dev", "v0", "ingress"))
                    .contains("\"kind\":\"u32\"").contains("\"kind\":\"mirred\"")
                    .contains("\"mirred_action\":\"redirect\"").contains("\"to_dev\":\"ifb0\"");
            assertThat(Oracle.run(pair.a(), "ip", "-j", "-d", "link", "show", "ifb0"))
                    .contains("\"info_kind\":\"ifb\"").contains("\"qdisc\":\"tbf\"");

            String before = Oracle.run(pair.a(), "tc", "-j", "-s", "qdisc", "show", "dev", "ifb0");
            Oracle.run(pair.b(), "ping", "-c", "3", "-i", "0.2", "-W", "1", "10.9.0.1");
            String after = Oracle.run(pair.a(), "tc", "-j", "-s", "qdisc", "show", "dev", "ifb0");
            assertThat(packets(after)).as("tbf on ifb0 saw the echo requests arriving on v0: %s", after)
                    .isGreaterThanOrEqualTo(packets(before) + 3);

            IngressRedirect.of(pair.a()).remove(v0, "v0");
            IngressRedirect.of(pair.a()).remove(v0, "v0"); // nothing left to remove is fine
            rc.deleteLink("ifb0");
            assertThat(Oracle.run(pair.a(), "tc", "-j", "qdisc", "show", "dev", "v0")).doesNotContain("ingress");
            assertThat(Oracle.run(pair.a(), "tc", "-j", "filter", "show", "dev", "v0", "ingress"))
                    .doesNotContain("u32");
            assertThat(Oracle.run(pair.a(), "ip", "-j", "link", "show")).doesNotContain("ifb0");
        }
    }

    private static long packets(String tcJson) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"packets\":(\\d+)").matcher(tcJson);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
