package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.nft.FragmentationNeededRules;
import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Veths;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The large echo over IPv6: a (fd09::1) - b, a router (fd09::2 | fd0a::1) - c (fd0a::2), b's link to c narrower
 * (1400). No IPv6 router fragments: b answers ICMPv6 "packet too big" with its MTU; with an ip6 rule in b dropping
 * that message ({@link FragmentationNeededRules}'s ip6 table) the echo meets silence, a path MTU black hole.
 * Oracles: iproute2's {@code ping -6 -M do} and {@code nft list table}'s rule and counter.
 */
class DontFragmentEchoV6IT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    final LinkedPair pair = new LinkedPair();
    private final NamespaceHandle a = pair.a();
    private final NamespaceHandle b = pair.b();
    private final NamespaceHandle c = NamespaceHandle.create("c");

    @AfterEach
    void closeC() {
        c.close();
    }

    private InetAddress routedThroughB() throws Exception {
        Oracle.run(b, "sysctl", "-w", "net.ipv6.conf.all.forwarding=1", "net.ipv6.conf.default.accept_dad=0");
        Oracle.run(c, "sysctl", "-w", "net.ipv6.conf.default.accept_dad=0");
        Oracle.run(b, "ip", "link", "add", "w0", "type", "veth", "peer", "name", "w1", "netns", c.path());
        Oracle.run(b, "ip", "addr", "add", "fd0a::1/64", "dev", "w0", "nodad");
        Oracle.run(b, "ip", "link", "set", "w0", "mtu", "1400", "up");
        Oracle.run(c, "ip", "addr", "add", "fd0a::2/64", "dev", "w1", "nodad");
        Oracle.run(c, "ip", "link", "set", "w1", "mtu", "1400", "up");
        Oracle.run(c, "ip", "link", "set", "lo", "up");
        Oracle.run(a, "ip", "-6", "route", "add", "fd0a::/64", "via", "fd09::2");
        Oracle.run(c, "ip", "-6", "route", "add", "fd09::/64", "via", "fd0a::1");
        Veths.awaitUp(b, "w0");
        Veths.awaitUp(c, "w1");
        InetAddress target = InetAddress.getByName("fd0a::2");
        // the first packet waits for neighbour discovery through b (up to a second or so): warmed up here
        assertThat(Oracle.run(a, "ping", "-6", "-c", "1", "-W", "3", "fd0a::2")).contains("1 received");
        assertThat(DontFragmentEcho.send(a, target, 1400, DontFragmentEcho.nextIdentifier(), TIMEOUT).outcome())
                .as("a packet the narrow link carries").isEqualTo(DontFragmentEcho.Outcome.REPLIED);
        return target;
    }

    @Test
    void theRouterBeforeTheNarrowLinkAnswersPacketTooBig() throws Exception {
        InetAddress target = routedThroughB();
        DontFragmentEcho.Result r = DontFragmentEcho.send(a, target, 1500, DontFragmentEcho.nextIdentifier(),
                TIMEOUT);
        assertThat(r.outcome()).isEqualTo(DontFragmentEcho.Outcome.FRAGMENTATION_NEEDED);
        assertThat(r.nextHopMtu()).isEqualTo(1400);
        assertThat(r.reporter()).isEqualTo(InetAddress.getByName("fd09::2"));
        assertThat(r.size()).isEqualTo(1500);
        // the kernel learnt the same path MTU from that message: iproute2's ping refuses the size locally
        assertThatThrownBy(() -> Oracle.run(a, "ping", "-6", "-c", "1", "-W", "1", "-M", "do", "-s", "1452",
                "fd0a::2")).hasMessageContaining("message too long, mtu: 1400");
    }

    @Test
    void packetTooBigDroppedByARuleIsSilence() throws Exception {
        InetAddress target = routedThroughB();
        new Nftables(b).apply(FragmentationNeededRules.drop("netns_junit_fragdrop1"));
        assertThat(Oracle.run(b, "nft", "list", "table", "ip6", "netns_junit_fragdrop1"))
                .contains("icmpv6 type packet-too-big counter packets 0 bytes 0 drop");
        DontFragmentEcho.Result r = DontFragmentEcho.send(a, target, 1500, DontFragmentEcho.nextIdentifier(),
                TIMEOUT);
        assertThat(r.outcome()).isEqualTo(DontFragmentEcho.Outcome.SILENT);
        assertThat(Oracle.run(b, "nft", "list", "table", "ip6", "netns_junit_fragdrop1"))
                .containsPattern("icmpv6 type packet-too-big counter packets [1-9]");
        assertThat(FragmentationNeededRules.dropped(new Nftables(b), Nft.NFPROTO_IPV6, "netns_junit_fragdrop1"))
                .isPositive();
    }
}
