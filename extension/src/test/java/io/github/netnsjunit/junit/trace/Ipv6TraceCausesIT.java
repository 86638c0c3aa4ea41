package io.github.netnsjunit.junit.trace;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static io.github.netnsjunit.junit.trace.TraceCausesIT.accountMatchesTcpdump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPv6 side of {@link TraceCausesIT} and {@link NftDropIT}: neighbour discovery left unanswered (the IPv6 ARP),
 * no route, an address on a bridge port and an nftables drop in an {@code ip6} table, each explained with the exact
 * words of its IPv4 twin, in IPv6 terms; and a fresh topology's first IPv6 packets (global and link-local) are
 * answered because no address is tentative. Oracles: {@code tcpdump -r} of the trace's pcaps, {@code ip -j -6 neigh},
 * {@code ip -j -6 route get}, {@code ip -j -6 addr}, {@code nft -a list}, {@code ping -6}.
 */
class Ipv6TraceCausesIT {

    @Nested
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "fd00::2/64",
              peer = "veth1", peerNamespace = "ns1", peerAddress = "fd00::3/64")
    class OnePair {
        @Test
        void theFirstPacketsOfAFreshTopologyAreAnsweredNoAddressIsTentative(@Ns("ns0") NetNs ns0,
                @Ns("ns1") NetNs ns1) {
            // first thing in the test: nothing has warmed the path up
            assertThat(ns1).canPing("fd00::2");
            for (NetNs ns : new NetNs[] {ns0, ns1}) {
                String addrs = Kernel.nsenter(ns.path(), "ip", "-j", "-6", "addr", "show");
                assertThat(addrs).as("ip -j -6 addr in %s", ns.name()).doesNotContain("tentative")
                        .contains("\"scope\":\"link\"");
            }
            String linkLocal = linkLocal(ns0, "veth0");
            assertThat(Kernel.nsenter(ns1.path(), "ping", "-6", "-c", "1", "-W", "1", linkLocal + "%veth1"))
                    .contains("1 received");
        }

        @Test
        void noRouteNamesThePrefixAndTheRoute(@Ns("ns1") NetNs ns1) {
            assertThat(Kernel.nsenter(ns1.path(), "sh", "-c", "ip -j -6 route get fd00:9::1 2>&1 || true"))
                    .contains("Network is unreachable");
            assertThatThrownBy(() -> assertThat(ns1).canPing("fd00:9::1"))
                    .hasMessageContaining("no route to fd00:9::1 in ns1 (ENETUNREACH, nothing was sent)")
                    .hasMessageContaining("cause (no route): no route to fd00:9::1 in ns1")
                    .hasMessageContaining("its main routing table has no route covering fd00:9::1")
                    .hasMessageContaining("fix: add the route: @Route(namespace = \"ns1\", to = \"default\", via ="
                            + " <a router on fd00::/64>)");
        }

        @Test
        void neighbourSolicitationUnansweredWhenNobodyOwnsTheAddress(@Ns("ns1") NetNs ns1, @TempDir Path dir) {
            assertThatThrownBy(() -> assertThat(ns1).canPing("fd00::9"))
                    .hasMessageContaining("veth1 (ns1) out: IP6 fd00::3 > ff02::1:ff00:9: ICMP6, neighbor"
                            + " solicitation, who has fd00::9")
                    .hasMessageContaining("— no reply")
                    .hasMessageContaining("cause (ARP/ND unanswered): nobody in the topology owns fd00::9: ns1 sent"
                            + " neighbour solicitation for fd00::9 out of veth1")
                    .hasMessageContaining("fix: give fd00::9 to the link that should answer (address = \"fd00::9/64\""
                            + " on that end of the @VethPair)")
                    .hasMessageContaining("use an address that exists on that network: fd00::2 (veth0 in ns0)");
            // the kernel's own record of it: the entry for fd00::9 never resolved
            assertThat(Kernel.nsenter(ns1.path(), "ip", "-j", "-6", "neigh", "show", "dev", "veth1"))
                    .containsPattern("\"dst\":\"fd00::9\".*\"state\":\\[\"(FAILED|INCOMPLETE)\"\\]");
            PathTrace t = ns1.trace("fd00::9");
            assertThat(t.cause()).isEqualTo(PathTrace.Cause.NEIGHBOUR_UNANSWERED);
            accountMatchesTcpdump(t, dir);
        }

        @Test
        void aTcpConnectionToNobodyIsAnUnansweredSolicitationToo(@Ns("ns1") NetNs ns1) {
            assertThatThrownBy(() -> assertThat(ns1).canConnect("fd00::9", 80))
                    .hasMessageContaining("cause (ARP/ND unanswered): nobody in the topology owns fd00::9");
        }
    }

    /** Seed 2 in IPv6: the address stays on the port when the port joins a bridge. */
    @Nested
    @NetNamespace("root")
    @NetNamespace("ns0")
    @Bridge(name = "br0", namespace = "root")
    @VethPair(name = "veth0-0", namespace = "root", address = "fd00:100::1/64", master = "br0",
              peer = "veth0-1", peerNamespace = "ns0", peerAddress = "fd00:100::2/64")
    class AddressOnABridgePort {
        @Test
        @InNamespace("root")
        void theBridgeTakesTheNeighbourAdvertisements(NetNs root, @TempDir Path dir) {
            assertThatThrownBy(() -> assertThat(root).canPing("fd00:100::2"))
                    .hasMessageContaining("veth0-0 (root) in: IP6 fd00:100::2 > fd00:100::1: ICMP6, neighbor"
                            + " advertisement, tgt is fd00:100::2")
                    .hasMessageContaining("br0 (root) in: IP6 fd00:100::2 > fd00:100::1: ICMP6, neighbor"
                            + " advertisement, tgt is fd00:100::2")
                    .hasMessageContaining("cause (address on a bridge port): fd00:100::1/64 is on veth0-0 in root,"
                            + " a port of bridge br0")
                    .hasMessageContaining("fix: move the address to the bridge: @Bridge(name = \"br0\", namespace ="
                            + " \"root\", address = \"fd00:100::1/64\") and no address on veth0-0"
                            + " (the seed: ip addr del fd00:100::1/64 dev veth0-0; ip addr add fd00:100::1/64 dev"
                            + " br0)");
            assertThat(Kernel.nsenter(root.path(), "ip", "-j", "-6", "route", "get", "fd00:100::2"))
                    .contains("\"dev\":\"veth0-0\"");
            PathTrace t = root.trace("fd00:100::2");
            assertThat(t.cause()).isEqualTo(PathTrace.Cause.ADDRESS_ON_BRIDGE_PORT);
            accountMatchesTcpdump(t, dir);
        }
    }

    /** Seed 4 in IPv6: a forwarding namespace whose ip6 FORWARD hook drops the traffic. */
    @Nested
    @NetNamespace("ns01")
    @NetNamespace(value = "sw", sysctl = "net.ipv6.conf.all.forwarding=1")
    @NetNamespace("outside")
    @VethPair(name = "veth01", namespace = "ns01", address = "fd00:88::11/64", peer = "br-veth01",
              peerNamespace = "sw", peerAddress = "fd00:88::1/64")
    @VethPair(name = "uplink", namespace = "sw", address = "fd00:99::1/64", peer = "eth0", peerNamespace = "outside",
              peerAddress = "fd00:99::2/64")
    @Route(namespace = "ns01", to = "default", via = "fd00:88::1")
    @Route(namespace = "outside", to = "fd00:88::/64", via = "fd00:99::1")
    class NftDrop {
        @Test
        void aForeignIp6ForwardPolicyDropIsNamed(@Ns("ns01") NetNs ns01, @Ns("sw") NetNs sw) {
            assertThat(ns01).canPing("fd00:99::2");
            Kernel.nsenter(sw.path(), "nft", "add table ip6 dockerish; add chain ip6 dockerish forward "
                    + "{ type filter hook forward priority 0; policy drop; }");
            assertThatThrownBy(() -> assertThat(ns01).canPing("fd00:99::2"))
                    .hasMessageContaining("br-veth01 (sw) in: IP6 fd00:88::11 > fd00:99::2: ICMP6, echo request")
                    .hasMessageContaining("sw: ip6 dockerish forward policy drop")
                    .hasMessageContaining("cause (dropped by nftables): nftables in sw dropped the probe to fd00:99::2"
                            + " by the policy of chain forward (policy drop: no rule accepted the packet) in table ip6"
                            + " dockerish (a table netns-junit did not create)")
                    .hasMessageContaining("fix: netns-junit never changes rules it did not create: accept this traffic"
                            + " in that chain before its policy (nft add rule ip6 dockerish forward ip6 daddr"
                            + " fd00:99::2 accept; for Docker's FORWARD chain: ip6tables -I DOCKER-USER -d fd00:99::2 -j ACCEPT)");
            assertThat(Kernel.nsenter(sw.path(), "nft", "list", "tables")).doesNotContain("netns_junit_trace")
                    .contains("ip6 dockerish");
        }

        @Test
        void anIp6DropRuleIsNamedByItsHandle(@Ns("ns01") NetNs ns01, @Ns("sw") NetNs sw) {
            Kernel.nsenter(sw.path(), "nft", "add table ip6 filt; add chain ip6 filt forward { type filter hook forward"
                    + " priority 0; policy accept; }; add rule ip6 filt forward ip6 daddr fd00:99::2 drop");
            Matcher handle = Pattern.compile("ip6 daddr fd00:99::2 drop # handle (\\d+)")
                    .matcher(Kernel.nsenter(sw.path(), "nft", "-a", "list", "chain", "ip6", "filt", "forward"));
            assertThat(handle.find()).isTrue();
            assertThatThrownBy(() -> assertThat(ns01).canPing("fd00:99::2"))
                    .hasMessageContaining("cause (dropped by nftables): nftables in sw dropped the probe to fd00:99::2"
                            + " by rule handle " + handle.group(1) + " of chain forward in table ip6 filt (a table"
                            + " netns-junit did not create)")
                    .hasMessageContaining("nft delete rule ip6 filt forward handle " + handle.group(1));
        }

        @Test
        void aRouterWithoutTheRouteAnswersNetUnreachable(@Ns("ns01") NetNs ns01) {
            assertThatThrownBy(() -> assertThat(ns01).canPing("fd00:77::1"))
                    .hasMessageContaining("cause (no route): no route to fd00:77::1 in sw, on the way from ns01 (it"
                            + " answered with ICMPv6 unreachable route from fd00:88::1)")
                    .hasMessageContaining("br-veth01 (sw) out: IP6 fd00:88::1 > fd00:88::11: ICMP6, destination"
                            + " unreachable, unreachable route fd00:77::1")
                    .hasMessageContaining("fix: add the route: @Route(namespace = \"sw\", to = \"default\", via ="
                            + " <a router on fd00:88::/64 or fd00:99::/64>)");
        }
    }

    private static String linkLocal(NetNs ns, String link) {
        Matcher m = Pattern.compile("\"local\":\"(fe80::[0-9a-f:]+)\"")
                .matcher(Kernel.nsenter(ns.path(), "ip", "-j", "-6", "addr", "show", "dev", link, "scope", "link"));
        assertThat(m.find()).as("a link-local address on %s in %s", link, ns.name()).isTrue();
        return m.group(1);
    }
}
