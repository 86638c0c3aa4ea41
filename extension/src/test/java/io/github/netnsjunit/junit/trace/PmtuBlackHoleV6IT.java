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
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link PmtuBlackHoleIT} in IPv6: {@code client — r1 — r2 — server}, the r1–r2 link with MTU 1400. IPv6 routers
 * never fragment; r1 answers a 1500-byte packet with ICMPv6 "packet too big" (RFC 8201), which our ip6 rule drops.
 * The TCP handshake succeeds and a 64 KiB write does not arrive, and the trace names the rule; without it the kernel's
 * path MTU discovery makes the same write arrive. Oracles: the bytes the server reads, {@code nft -j list ruleset}
 * (our ip6 rule's counter) and {@code ip -j -6 route get} (the path MTU the client learnt).
 */
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
class PmtuBlackHoleV6IT {
    static final String SERVER = "fd00:73::2";
    static final int PORT = 9101;
    private static final int BYTES = 64 * 1024;

    @Test
    void droppedPacketTooBigStallsTheTransferAndTheTraceNamesOurRule(@Ns("client") NetNs client,
            @Ns("r1") NetNs r1, @Ns("server") NetNs server) throws Exception {
        Block drop = r1.dropFragmentationNeeded();
        assertThat(Kernel.nsenter(r1.path(), "nft", "list", "table", "ip6", "netns_junit_fragdrop1"))
                .contains("hook output").contains("hook forward")
                .contains("icmpv6 type packet-too-big counter packets 0 bytes 0 drop");
        try (ServerSocket listener = listen(server)) {
            assertThat(transfer(client, listener, true)).as("bytes arrived through the black hole").isZero();
        }
        assertThat(droppedByOurIp6Rule(r1)).as("ICMPv6 packet too big dropped by our ip6 rule (nft counter)")
                .isPositive();

        try (ServerSocket listener = listen(server)) {
            PathTrace trace = client.trace(SERVER, PORT);
            assertThat(trace.cause()).isEqualTo(PathTrace.Cause.PMTU_BLACK_HOLE);
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

        drop.close();
        assertThat(Kernel.nsenter(r1.path(), "nft", "list", "tables")).doesNotContain("netns_junit_fragdrop");
        try (ServerSocket listener = listen(server)) {
            assertThat(transfer(client, listener, false)).as("bytes arrived with PMTU discovery working")
                    .isEqualTo(BYTES);
        }
        // the oracle of path MTU discovery: the client learnt 1400 for the server from r1's packet too big
        assertThat(Kernel.nsenter(client.path(), "ip", "-j", "-6", "route", "get", SERVER)).contains("\"mtu\":1400");
        try (ServerSocket listener = listen(server)) {
            assertThat(client.trace(SERVER, PORT).cause()).isEqualTo(PathTrace.Cause.ANSWERED);
        }
    }

    static ServerSocket listen(NetNs server) throws Exception {
        return server.call(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(SERVER), PORT));
            return s;
        });
    }

    /**
     * Connects from the client, writes {@link #BYTES}, and returns how many bytes the server read within 4 seconds
     * (10 when all should arrive: routers rate-limit their ICMPv6 errors); the handshake must succeed.
     */
    static int transfer(NetNs client, ServerSocket listener, boolean expectNothing) throws Exception {
        try (Socket out = client.call(() -> {
            Socket s = new Socket();
            s.setSendBufferSize(4 * BYTES);
            s.connect(new InetSocketAddress(InetAddress.getByName(SERVER), PORT), 2000);
            return s;
        })) {
            listener.setSoTimeout(2000);
            try (Socket in = listener.accept()) { // the handshake succeeded
                out.getOutputStream().write(new byte[BYTES]);
                in.setSoTimeout(250);
                InputStream stream = in.getInputStream();
                byte[] buffer = new byte[BYTES];
                int total = 0;
                long deadline = System.nanoTime() + (expectNothing ? 4_000_000_000L : 10_000_000_000L);
                while (total < BYTES && System.nanoTime() < deadline) {
                    try {
                        int n = stream.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        total += n;
                    } catch (SocketTimeoutException e) {
                        // keep waiting until the deadline
                    }
                }
                return total;
            }
        } catch (IOException e) {
            throw new AssertionError("the TCP handshake failed: " + e, e);
        }
    }

    /** The packets counted by the rules of our ip6 table, from {@code nft -j list table ip6 ...}. */
    private static long droppedByOurIp6Rule(NetNs r1) {
        String json = Kernel.nsenter(r1.path(), "nft", "-j", "list", "table", "ip6", "netns_junit_fragdrop1");
        Matcher m = Pattern.compile("\"counter\": \\{\"packets\": (\\d+)").matcher(json);
        long n = 0;
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }
}
