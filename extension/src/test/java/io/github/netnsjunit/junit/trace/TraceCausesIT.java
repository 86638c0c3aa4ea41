package io.github.netnsjunit.junit.trace;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
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
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every named cause of a failed reachability assertion, each produced by a topology of its own: the assertion
 * fails, its message carries the cause and the fix (exact key phrases), and the hop account matches what
 * {@code tcpdump -r} reads from the trace's own pcap files.
 */
class TraceCausesIT {

    /** Every line of tcpdump's reading of each link's pcap appears, in words, in that link's lines of the account. */
    static void accountMatchesTcpdump(PathTrace trace, Path dir) {
        List<Path> files = trace.writePcaps(dir);
        assertThat(files).hasSameSizeAs(trace.capturedLinks()).isNotEmpty();
        for (String key : trace.capturedLinks()) {
            String ns = key.substring(0, key.indexOf('/'));
            String link = key.substring(key.indexOf('/') + 1);
            Path pcap = dir.resolve("trace-" + ns + "-" + link + ".pcap");
            List<String> lines = Tcpdump.readUntimed(pcap);
            assertThat(lines).as("tcpdump -r " + pcap).isNotEmpty();
            List<String> hops = trace.hops().stream().filter(h -> h.startsWith(link + " (" + ns + ") ")).toList();
            for (String line : lines) {
                // tcpdump: "ARP, Request who-has 172.18.0.9 tell 172.18.0.3, length 28"; the account leaves out the
                // lengths and folds the sequence numbers of repeated echoes into a count
                String words = line.replaceFirst(", length \\d+$", "").replaceFirst(", seq \\d+$", "")
                        .replaceFirst("(Flags \\[[^]]*\\]).*$", "$1");
                assertThat(hops).as("the account's lines for %s %s have tcpdump's %s", ns, link, line)
                        .anyMatch(h -> h.contains(words));
            }
        }
    }

    @Nested
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
              peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
    class OnePair {
        @Test
        void noRouteNamesThePrefixAndTheRoute(@Ns("ns1") NetNs ns1) {
            assertThatThrownBy(() -> assertThat(ns1).canPing("10.9.0.1"))
                    .hasMessageContaining("no route to 10.9.0.1 in ns1 (ENETUNREACH, nothing was sent)")
                    .hasMessageContaining("cause (no route): no route to 10.9.0.1 in ns1")
                    .hasMessageContaining("its main routing table has no route covering 10.9.0.1")
                    .hasMessageContaining("fix: add the route: @Route(namespace = \"ns1\", to = \"default\"");
        }

        @Test
        void arpUnansweredWhenNobodyOwnsTheAddress(@Ns("ns1") NetNs ns1, @TempDir Path dir) {
            assertThatThrownBy(() -> assertThat(ns1).canPing("172.18.0.9"))
                    .hasMessageContaining("veth1 (ns1) out: ARP, Request who-has 172.18.0.9 tell 172.18.0.3")
                    .hasMessageContaining("— no reply")
                    .hasMessageContaining("cause (ARP/ND unanswered): nobody in the topology owns 172.18.0.9")
                    .hasMessageContaining("use an address that exists on that network: 172.18.0.2 (veth0 in ns0)");
            PathTrace t = ns1.trace("172.18.0.9");
            assertThat(t.cause()).isEqualTo(PathTrace.Cause.NEIGHBOUR_UNANSWERED);
            accountMatchesTcpdump(t, dir);
        }

        @Test
        void aPeerLinkDownMeansNoCarrier(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) {
            ns0.linkDown("veth0");
            assertThatThrownBy(() -> assertThat(ns1).canPing("172.18.0.2"))
                    .hasMessageContaining("cause (link down): link veth1 in ns1 is up but has no carrier: its peer"
                            + " veth0 in ns0 is down")
                    .hasMessageContaining("fix: bring veth0 up: ns0.linkUp(\"veth0\")");
        }

        @Test
        void tcpResetSaysNothingListens(@Ns("ns1") NetNs ns1, @TempDir Path dir) {
            assertThatThrownBy(() -> assertThat(ns1).canConnect("172.18.0.2", 81))
                    .hasMessageContaining("but the connection was refused")
                    .hasMessageContaining("cause (TCP reset): nothing listens on 172.18.0.2 port 81 in ns0")
                    .hasMessageContaining("fix: start the server before connecting");
            PathTrace t = ns1.trace("172.18.0.2", 81);
            List<String> h = t.hops(); // in path order: the SYN across the pair, the reset back
            assertThat(h).hasSize(4);
            assertThat(h.get(0)).startsWith("veth1 (ns1) out: IP 172.18.0.3.").endsWith(" > 172.18.0.2.81: Flags [S]");
            assertThat(h.get(1)).startsWith("veth0 (ns0) in: IP 172.18.0.3.").endsWith(" > 172.18.0.2.81: Flags [S]");
            assertThat(h.get(2)).startsWith("veth0 (ns0) out: IP 172.18.0.2.81 > 172.18.0.3.").endsWith(": Flags [R.]");
            assertThat(h.get(3)).startsWith("veth1 (ns1) in: IP 172.18.0.2.81 > 172.18.0.3.").endsWith(": Flags [R.]");
            accountMatchesTcpdump(t, dir);
        }

        @Test
        void noAnswerAtAllSaysTimedOut(@Ns("ns1") NetNs ns1) {
            assertThatThrownBy(() -> assertThat(ns1).canConnect("172.18.0.9", 80))
                    .hasMessageContaining("but no answer came within 1 s: the SYN was neither accepted nor refused")
                    .hasMessageContaining("cause (ARP/ND unanswered): nobody in the topology owns 172.18.0.9");
        }
    }

    /** Seed 2: the address stays on the port when the port joins a bridge. */
    @Nested
    @NetNamespace("root")
    @NetNamespace("ns0")
    @Bridge(name = "br0", namespace = "root")
    @VethPair(name = "veth0-0", namespace = "root", address = "192.168.100.1/24", master = "br0",
              peer = "veth0-1", peerNamespace = "ns0", peerAddress = "192.168.100.2/24")
    class SeedTwoAddressOnABridgePort {
        @Test
        @InNamespace("root")
        void theBridgeTakesTheReplies(NetNs root, @TempDir Path dir) {
            assertThatThrownBy(() -> assertThat(root).canPing("192.168.100.2"))
                    .hasMessageContaining("veth0-0 (root) in: ARP, Reply 192.168.100.2 is-at")
                    .hasMessageContaining("br0 (root) in: ARP, Reply 192.168.100.2 is-at")
                    .hasMessageContaining("cause (address on a bridge port): 192.168.100.1/24 is on veth0-0 in root,"
                            + " a port of bridge br0")
                    .hasMessageContaining("fix: move the address to the bridge: @Bridge(name = \"br0\", namespace ="
                            + " \"root\", address = \"192.168.100.1/24\") and no address on veth0-0");
            PathTrace t = root.trace("192.168.100.2"); // from the namespace's own thread
            assertThat(t.cause()).isEqualTo(PathTrace.Cause.ADDRESS_ON_BRIDGE_PORT);
            accountMatchesTcpdump(t, dir);
        }
    }

    /** Seed 3: both ends of the pair in one namespace, {@code ping -I veth0} to veth1's address. */
    @Nested
    @NetNamespace("dev")
    @VethPair(name = "veth0", namespace = "dev", address = "192.168.2.11/24",
              peer = "veth1", peerNamespace = "dev", peerAddress = "192.168.2.1/24")
    class SeedThreeReplyViaLo {
        @Test
        @InNamespace("dev")
        void theReplyWouldLeaveThroughLo(NetNs dev) {
            assertThatThrownBy(() -> assertThat(dev).canPingThrough("192.168.2.1", "veth0"))
                    .hasMessageContaining("veth0 (dev) out: ARP, Request who-has 192.168.2.1 tell 192.168.2.11")
                    .hasMessageContaining("veth1 (dev) in: ARP, Request who-has 192.168.2.1 tell 192.168.2.11")
                    .hasMessageContaining("cause (reply via lo): 192.168.2.1 is an address of dev itself, on veth1")
                    .hasMessageContaining("accept_local=0 on veth1")
                    .hasMessageContaining("its reply would leave through lo")
                    .hasMessageContaining("fix: as seed 3 does: @NetNamespace(value = \"dev\", sysctl = {"
                            + "\"net.ipv4.conf.veth0.accept_local=1\", \"net.ipv4.conf.veth1.accept_local=1\"");
        }
    }

    /** A namespace without lo up cannot reach its own address (seed 2's first step). */
    @Nested
    @NetNamespace(value = "ns0", loopback = false)
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "192.168.100.2/24", peer = "veth1", peerNamespace = "ns1")
    class LoopbackDown {
        @Test
        void ownAddressNeedsLo(@Ns("ns0") NetNs ns0) {
            assertThatThrownBy(() -> assertThat(ns0).canPing("192.168.100.2"))
                    .hasMessageContaining("cause (link down): lo in ns0 is down: 192.168.100.2 is an address of ns0"
                            + " itself (on veth0)")
                    .hasMessageContaining("fix: bring lo up: @NetNamespace(value = \"ns0\", loopback = true)");
        }
    }

    /** The reply to ns0 leaves ns1 through the other link: rp_filter=1 drops the request. */
    @Nested
    @NetNamespace("ns0")
    @NetNamespace(value = "ns1", sysctl = {"net.ipv4.conf.all.rp_filter=1", "net.ipv4.conf.a1.rp_filter=1"})
    @NetNamespace("ns2")
    @VethPair(name = "a0", namespace = "ns0", address = "10.0.1.2/24", peer = "a1", peerNamespace = "ns1",
              peerAddress = "10.0.1.1/24")
    @VethPair(name = "b1", namespace = "ns1", address = "10.0.2.1/24", peer = "b2", peerNamespace = "ns2",
              peerAddress = "10.0.2.2/24")
    @Route(namespace = "ns1", to = "10.0.1.2/32", via = "10.0.2.2")
    class AsymmetricRoute {
        @Test
        void theReplyWouldLeaveThroughAnotherLink(@Ns("ns0") NetNs ns0) {
            assertThatThrownBy(() -> assertThat(ns0).canPing("10.0.1.1"))
                    .hasMessageContaining("a1 (ns1) in: ARP, Request who-has 10.0.1.1 tell 10.0.1.2")
                    .hasMessageContaining("cause (asymmetric route): the ARP request for 10.0.1.1 reached ns1 on a1,"
                            + " but ns1 routes its reply to 10.0.1.2 out of b1 (10.0.1.2/32 via 10.0.2.2 dev b1)")
                    .hasMessageContaining("with rp_filter=1 (strict) on a1 the kernel drops the ARP request for"
                            + " 10.0.1.1 itself")
                    .hasMessageContaining("fix: route the reply back the way the request came: @Route(namespace ="
                            + " \"ns1\", to = \"10.0.1.2/32\", dev = \"a1\")");
        }
    }
}
