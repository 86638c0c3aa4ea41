package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * NAT and forwarding as built by {@link TopologyFactory}, checked with nft and ip run inside the namespaces
 * (nsenter) and on the host: rules present while the topology lives, nothing left afterwards.
 */
class NatIT {
    private static final TopologyFactory FACTORY = new TopologyFactory(Duration.ofSeconds(5));

    private static String in(NamespaceHandle ns, String... command) {
        return Kernel.nsenter(ns.path(), command);
    }

    private static TopologyModel gatewayBehindBridge(String gatewayNamespace) {
        NetworkTopology.Builder b = NetworkTopology.builder().namespace("ns01").namespace("outside");
        if (!gatewayNamespace.equals("host")) {
            b.namespace(gatewayNamespace);
        }
        return TestTopologies.validate(b
                .bridge("br01", gatewayNamespace, "192.168.88.1/24")
                .veth("veth01", "ns01", "br-veth01", gatewayNamespace,
                        v -> v.address("192.168.88.11/24").peerMaster("br01"))
                .route("ns01", "default", "192.168.88.1")
                .veth("eth0", "outside", "to-out", gatewayNamespace,
                        v -> v.address("10.213.3.2/30").peerAddress("10.213.3.1/30"))
                .masquerade(gatewayNamespace, "192.168.88.0/24", "to-out")
                .portForward(gatewayNamespace, "tcp", 8080, "192.168.88.11:80")
                .build());
    }

    @Test
    void masqueradeAndPortForwardInATestNamespace() {
        try (LiveTopology live = FACTORY.build(gatewayBehindBridge("gw"))) {
            NamespaceHandle gw = live.handle("gw");
            String ruleset = in(gw, "nft", "list", "ruleset");
            assertThat(ruleset)
                    .contains("table ip netns_junit {")
                    .contains("ip saddr 192.168.88.0/24 oifname \"to-out\" ip daddr != 192.168.88.0/24 masquerade")
                    .contains("tcp dport 8080 dnat to 192.168.88.11:80");
            assertThat(in(gw, "nft", "-j", "list", "ruleset")).contains("\"masquerade\"").contains("\"dnat\"");
            assertThat(in(gw, "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");
            // forwarding is on only where NAT was declared
            assertThat(in(live.handle("ns01"), "cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("0");
            assertThat(in(live.handle("ns01"), "ping", "-c", "1", "-W", "1", "10.213.3.2")).contains("1 received");
        }
    }

    @Test
    void hostUplinkLeavesTheHostAsItWas() {
        String rulesetBefore = Kernel.run("nft", "-j", "list", "ruleset");
        String linksBefore = Kernel.run("ip", "-o", "link", "show");
        String forwardBefore = Kernel.run("cat", "/proc/sys/net/ipv4/ip_forward").strip();
        try (LiveTopology live = FACTORY.build(gatewayBehindBridge("host"))) {
            String out = live.linkName("host", "to-out");
            String bridge = live.linkName("host", "br01");
            assertThat(out).startsWith("nj").isNotEqualTo("to-out");
            assertThat(Kernel.run("ip", "-j", "addr", "show", "dev", out)).contains("\"local\":\"10.213.3.1\"");
            assertThat(Kernel.run("ip", "-j", "link", "show", "dev", bridge)).contains("\"operstate\":\"UP\"");
            String hostRules = Kernel.run("nft", "list", "ruleset");
            assertThat(hostRules).contains("flags owner").contains("oifname \"" + out + "\"")
                    .contains("tcp dport 8080 dnat to 192.168.88.11:80");
            assertThat(Kernel.run("cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo("1");
            // the route to every address the test uses points at our own links
            assertThat(Kernel.run("ip", "route", "get", "10.213.3.2")).contains("dev " + out);
            assertThat(Kernel.run("ip", "route", "get", "192.168.88.11")).contains("dev " + bridge);
            assertThat(in(live.handle("ns01"), "ping", "-c", "1", "-W", "1", "10.213.3.2")).contains("1 received");
        }
        assertThat(Kernel.run("nft", "-j", "list", "ruleset")).isEqualTo(rulesetBefore);
        assertThat(Kernel.run("ip", "-o", "link", "show")).isEqualTo(linksBefore);
        assertThat(Kernel.run("cat", "/proc/sys/net/ipv4/ip_forward").strip()).isEqualTo(forwardBefore);
    }

    @Test
    void aForwardChainWithPolicyDropIsExplainedWithBothFixes() {
        // a stand-in for a Docker host: a fresh namespace whose filter FORWARD chain drops by policy
        try (NamespaceHandle dockerLike = NamespaceHandle.create("docker-like")) {
            in(dockerLike, "nft", "add table ip filter");
            in(dockerLike, "nft", "add chain ip filter FORWARD { type filter hook forward priority 0; policy drop; }");
            TopologyModel model = gatewayBehindBridge("host");
            assertThatThrownBy(() -> TopologyFactory.refuseBlockedForwarding(dockerLike, model))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The host namespace drops forwarded packets: chain FORWARD of table ip filter (hook"
                            + " forward, policy drop). Docker sets such a policy; traffic this test routes through"
                            + " \"host\" would be dropped and its pings would time out. Either route through a test"
                            + " namespace instead of \"host\" (declare @NetNamespace(\"gw\") and put the"
                            + " @Masquerade/@PortForward there), or let this traffic through once with the rule Docker"
                            + " reserves for users: iptables -I DOCKER-USER -s 192.168.88.0/24 -j ACCEPT and iptables -I"
                            + " DOCKER-USER -d 192.168.88.0/24 -j ACCEPT. netns-junit never changes rules it did not create.");
            // the foreign rules are untouched
            assertThat(in(dockerLike, "nft", "list", "ruleset")).contains("policy drop");
        }
    }
}
