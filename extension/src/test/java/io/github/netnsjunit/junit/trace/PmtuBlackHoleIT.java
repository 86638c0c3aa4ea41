package io.github.netnsjunit.junit.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Block;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 2: a path MTU black hole reproduced live and named by the trace, in IPv4 and in IPv6.
 * {@code client — r1 — r2 — server}, the r1–r2 link with MTU 1400 (a tunnel-like narrow link in the middle, so neither
 * end's MSS says so). r1 answers a 1500-byte packet with ICMP "fragmentation needed" (IPv4, DF set) or ICMPv6
 * "packet too big" (IPv6 routers never fragment, RFC 8201), which {@code NetNs.dropFragmentationNeeded()} drops: the
 * TCP handshake succeeds and a 64 KiB write does not arrive, and the trace names the rule; without it the kernel's
 * path MTU discovery makes the same write arrive. Oracles: the bytes the server reads, {@code nft -j list} (our
 * rule's counter) and {@code ip -j route get} (the path MTU the client learnt). The two families differ only in the
 * topology's addresses and forwarding sysctl, declared on a nested class each. {@link VethMtuMismatchIT} has the
 * black hole without any ICMP.
 */
class PmtuBlackHoleIT {

    @Nested
    @NetNamespace("client")
    @NetNamespace(value = "r1", sysctl = "net.ipv4.ip_forward=1")
    @NetNamespace(value = "r2", sysctl = "net.ipv4.ip_forward=1")
    @NetNamespace("server")
    @VethPair(name = "a0", namespace = "client", address = "10.71.0.1/24", peer = "a1", peerNamespace = "r1",
            peerAddress = "10.71.0.2/24")
    @VethPair(name = "b0", namespace = "r1", address = "10.72.0.1/24", peer = "b1", peerNamespace = "r2",
            peerAddress = "10.72.0.2/24", mtu = 1400)
    @VethPair(name = "c0", namespace = "r2", address = "10.73.0.1/24", peer = "c1", peerNamespace = "server",
            peerAddress = "10.73.0.2/24")
    @Route(namespace = "client", via = "10.71.0.2")
    @Route(namespace = "r1", to = "10.73.0.0/24", via = "10.72.0.2")
    @Route(namespace = "r2", to = "10.71.0.0/24", via = "10.72.0.1")
    @Route(namespace = "server", via = "10.73.0.1")
    class Ipv4 extends BlackHole {
        Ipv4() {
            super("10.73.0.2", 9100, "ip", "ICMP frag-needed dropped by our rule (nft counter)");
        }

        @Test
        void droppedFragmentationNeededStallsTheTransferAndTheTraceNamesOurRule(@Ns("client") NetNs client,
                @Ns("r1") NetNs r1, @Ns("server") NetNs server) throws Exception {
            stallsWithTheDropAndPassesWithout(client, r1, server);
        }

        @Override
        void assertTheTraceNamesOurRule(PathTrace trace) {
            assertThat(trace.explanation())
                    .contains("packets of 1500 bytes leave client (out of a0")
                    .contains("the link from r1 to r2 (b0) carries 1400")
                    .contains("the ICMP 'fragmentation needed' that would tell client to send smaller packets is"
                            + " dropped by rule \"icmp type destination-unreachable icmp code frag-needed drop\"")
                    .contains("of table ip netns_junit_fragdrop")
                    .contains("in r1 (netns-junit's, made by NetNs(r1).dropFragmentationNeeded()");
            assertThat(trace.fix()).contains("close the Block that dropFragmentationNeeded() returned in r1")
                    .contains("mtu = 1400");
            assertThat(trace.hops()).anyMatch(h -> h.startsWith("path MTUs: client a0 mtu 1500 -> r1 a1 mtu 1500;"
                    + " r1 b0 mtu 1400 -> r2 b1 mtu 1400") && h.endsWith("large echo (1500 bytes, DF) to the target:"
                    + " no answer"));
        }
    }

    @Nested
    @NetNamespace("client")
    @NetNamespace(value = "r1", sysctl = "net.ipv6.conf.all.forwarding=1")
    @NetNamespace(value = "r2", sysctl = "net.ipv6.conf.all.forwarding=1")
    @NetNamespace("server")
    @VethPair(name = "a0", namespace = "client", address = "fd00:71::1/64", peer = "a1", peerNamespace = "r1",
            peerAddress = "fd00:71::2/64")
    @VethPair(name = "b0", namespace = "r1", address = "fd00:72::1/64", peer = "b1", peerNamespace = "r2",
            peerAddress = "fd00:72::2/64", mtu = 1400)
    @VethPair(name = "c0", namespace = "r2", address = "fd00:73::1/64", peer = "c1", peerNamespace = "server",
            peerAddress = "fd00:73::2/64")
    @Route(namespace = "client", via = "fd00:71::2")
    @Route(namespace = "r1", to = "fd00:73::/64", via = "fd00:72::2")
    @Route(namespace = "r2", to = "fd00:71::/64", via = "fd00:72::1")
    @Route(namespace = "server", via = "fd00:73::1")
    class Ipv6 extends BlackHole {
        Ipv6() {
            super("fd00:73::2", 9101, "ip6", "ICMPv6 packet too big dropped by our ip6 rule (nft counter)");
        }

        @Test
        void droppedPacketTooBigStallsTheTransferAndTheTraceNamesOurRule(@Ns("client") NetNs client,
                @Ns("r1") NetNs r1, @Ns("server") NetNs server) throws Exception {
            stallsWithTheDropAndPassesWithout(client, r1, server);
        }

        @Override
        void assertTheTraceNamesOurRule(PathTrace trace) {
            assertThat(trace.explanation()).startsWith("path MTU black hole: packets of 1500 bytes leave client (out"
                    + " of a0, never fragmented on the way, as IPv6 routers never fragment), the link from r1 to r2 (b0)"
                    + " carries 1400, and the ICMPv6 'packet too big' that would tell client to send smaller packets is"
                    + " dropped by rule \"icmpv6 type packet-too-big drop\" of table ip6 netns_junit_fragdrop1 in r1"
                    + " (netns-junit's, made by NetNs(r1).dropFragmentationNeeded(); ")
                    .containsPattern("dropFragmentationNeeded\\(\\); [1-9][0-9]* dropped so far\\); a 1500-byte echo"
                            + " request sent unfragmented got no answer within 1000 ms while small packets and the TCP"
                            + " handshake pass: larger TCP segments are lost and retransmitted until the connection"
                            + " times out$");
            assertThat(trace.fix()).isEqualTo("let 'packet too big' through: close the Block that"
                    + " dropFragmentationNeeded() returned in r1 (a real firewall must pass ICMPv6 type 2), or give a0"
                    + " in client the MTU of the narrow link (mtu = 1400), so TCP's MSS fits");
            assertThat(trace.hops()).anyMatch(h -> h.startsWith("path MTUs: client a0 mtu 1500 -> r1 a1 mtu 1500;"
                    + " r1 b0 mtu 1400 -> r2 b1 mtu 1400; r2 c0 mtu 1500 -> server c1 mtu 1500")
                    && h.endsWith("large echo (1500 bytes, unfragmented) to the target: no answer"));
        }
    }

    /**
     * The steps and the family-independent checks of both topologies: the drop's nft tables (both families' are
     * made whatever the topology's), the stalled write and our rule's counter, the trace, then the same write with
     * the drop closed and the path MTU the client learnt.
     */
    abstract static class BlackHole {
        private final String server;
        private final int port;
        private final String ourTableFamily;
        private final String counterMessage;

        BlackHole(String server, int port, String ourTableFamily, String counterMessage) {
            this.server = server;
            this.port = port;
            this.ourTableFamily = ourTableFamily;
            this.counterMessage = counterMessage;
        }

        /** The family's explanation, fix and hops of the trace while our rule drops the ICMP error. */
        abstract void assertTheTraceNamesOurRule(PathTrace trace);

        final void stallsWithTheDropAndPassesWithout(NetNs client, NetNs r1, NetNs serverNs) throws Exception {
            Block drop = r1.dropFragmentationNeeded();
            assertThat(drop.isActive()).isTrue();
            assertThat(Kernel.nftRulesetJson(r1.path()))
                    .contains("\"table\": \"netns_junit_fragdrop").contains("\"hook\": \"output\"")
                    .contains("\"hook\": \"forward\"").contains("\"frag-needed\"").contains("\"drop\"");
            assertThat(r1.describe()).as("the state dump").contains("table ip netns_junit_fragdrop");
            assertThat(Kernel.nsenter(r1.path(), "nft", "list", "table", "ip6", "netns_junit_fragdrop1"))
                    .contains("hook output").contains("hook forward")
                    .contains("icmpv6 type packet-too-big counter packets 0 bytes 0 drop");
            assertThat(drop).hasToString("r1: drop ICMP fragmentation needed and ICMPv6 packet too big (tables ip and"
                    + " ip6 netns_junit_fragdrop1)");
            try (ServerSocket listener = LargeWrite.listen(serverNs, server, port)) {
                assertThat(LargeWrite.bytesArriving(client, listener, server, port, true))
                        .as("bytes arrived through the black hole").isZero();
            }
            assertThat(droppedByOurRule(r1)).as(counterMessage).isPositive();

            try (ServerSocket listener = LargeWrite.listen(serverNs, server, port)) {
                PathTrace trace = client.trace(server, port);
                assertThat(trace.cause()).isEqualTo(PathTrace.Cause.PMTU_BLACK_HOLE);
                assertTheTraceNamesOurRule(trace);
                assertThat(trace.toString()).contains("cause (path MTU black hole)");
            }

            drop.close();
            assertThat(drop.isActive()).isFalse();
            assertThat(Kernel.nsenter(r1.path(), "nft", "list", "tables")).doesNotContain("netns_junit_fragdrop");
            try (ServerSocket listener = LargeWrite.listen(serverNs, server, port)) {
                assertThat(LargeWrite.bytesArriving(client, listener, server, port, false))
                        .as("bytes arrived with PMTU discovery working").isEqualTo(LargeWrite.BYTES);
            }
            // the oracle of path MTU discovery: the client learnt 1400 for the server from r1's ICMP error
            assertThat(Kernel.nsenter(client.path(), "ip", "-j", "route", "get", server)).contains("\"mtu\":1400");
            try (ServerSocket listener = LargeWrite.listen(serverNs, server, port)) {
                assertThat(client.trace(server, port).cause()).isEqualTo(PathTrace.Cause.ANSWERED);
            }
        }

        /** The packets counted by the rules of our table of the topology's family, from {@code nft -j list table}. */
        private long droppedByOurRule(NetNs r1) {
            String json = Kernel.nsenter(r1.path(), "nft", "-j", "list", "table", ourTableFamily,
                    "netns_junit_fragdrop1");
            Matcher m = Pattern.compile("\"counter\": \\{\"packets\": (\\d+)").matcher(json);
            long n = 0;
            while (m.find()) {
                n += Long.parseLong(m.group(1));
            }
            return n;
        }
    }
}
