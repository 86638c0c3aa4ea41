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
 * Issue 23 item 2: a path MTU black hole reproduced live and named by the trace. {@code client — r1 — r2 — server},
 * the r1–r2 link with MTU 1400 (a tunnel-like narrow link in the middle, so neither end's MSS says so). With r1
 * dropping ICMP "fragmentation needed" the TCP handshake succeeds and a 64 KiB write does not arrive; without the
 * rule the kernel's path MTU discovery makes the same write arrive. Oracles: the bytes the server reads,
 * {@code nft -j list ruleset} (our rule's counter) and {@code ip -j route get} (the path MTU the client learnt).
 * {@link VethMtuMismatchIT} has the black hole without any ICMP.
 */
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
class PmtuBlackHoleIT {
    static final String SERVER = "10.73.0.2";
    static final int PORT = 9100;
    private static final int BYTES = 64 * 1024;

    @Test
    void droppedFragmentationNeededStallsTheTransferAndTheTraceNamesOurRule(@Ns("client") NetNs client,
            @Ns("r1") NetNs r1, @Ns("server") NetNs server) throws Exception {
        Block drop = r1.dropFragmentationNeeded();
        assertThat(drop.isActive()).isTrue();
        assertThat(Kernel.nsenter(r1.path(), "nft", "-j", "list", "ruleset"))
                .contains("\"table\": \"netns_junit_fragdrop").contains("\"hook\": \"output\"")
                .contains("\"hook\": \"forward\"").contains("\"frag-needed\"").contains("\"drop\"");
        assertThat(r1.describe()).as("the state dump").contains("table ip netns_junit_fragdrop");
        assertThat(Kernel.nsenter(r1.path(), "nft", "list", "table", "ip6", "netns_junit_fragdrop1"))
                .contains("icmpv6 type packet-too-big counter packets 0 bytes 0 drop");
        assertThat(drop).hasToString("r1: drop ICMP fragmentation needed and ICMPv6 packet too big (tables ip and ip6"
                + " netns_junit_fragdrop1)");
        try (ServerSocket listener = listen(server)) {
            assertThat(transfer(client, listener, true)).as("bytes arrived through the black hole").isZero();
        }
        assertThat(droppedByOurRule(r1)).as("ICMP frag-needed dropped by our rule (nft counter)").isPositive();

        try (ServerSocket listener = listen(server)) {
            PathTrace trace = client.trace(SERVER, PORT);
            assertThat(trace.cause()).isEqualTo(PathTrace.Cause.PMTU_BLACK_HOLE);
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
            assertThat(trace.toString()).contains("cause (path MTU black hole)");
        }

        drop.close();
        assertThat(drop.isActive()).isFalse();
        assertThat(Kernel.nsenter(r1.path(), "nft", "list", "tables")).doesNotContain("netns_junit_fragdrop");
        try (ServerSocket listener = listen(server)) {
            assertThat(transfer(client, listener, false)).as("bytes arrived with PMTU discovery working").isEqualTo(BYTES);
        }
        // the oracle of path MTU discovery: the client learnt 1400 for the server from r1's ICMP
        assertThat(Kernel.nsenter(client.path(), "ip", "-j", "route", "get", SERVER)).contains("\"mtu\":1400");
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
     * Connects from the client, writes {@link #BYTES} (into a send buffer large enough that the write returns), and
     * returns how many bytes the server read within 4 seconds (10 when all should arrive); the handshake must succeed.
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
                // 4 s to see nothing arrive; 10 s for all to arrive (the router rate-limits its ICMP errors, about one a
                // second once its burst is spent), returning as soon as it has
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

    private static long droppedByOurRule(NetNs r1) {
        String json = Kernel.nsenter(r1.path(), "nft", "-j", "list", "ruleset");
        Matcher m = Pattern.compile("\"counter\": \\{\"packets\": (\\d+)")
                .matcher(json);
        long n = 0;
        while (m.find()) {
            n += Long.parseLong(m.group(1));
        }
        return n;
    }
}
