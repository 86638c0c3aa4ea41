package io.github.netnsjunit.junit.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 2, the black hole without any ICMP: a veth pair declared with ends of different MTUs
 * ({@code mtu = 1500, peerMtu = 1400}), the client's end the larger, a router behind the narrower one. The client
 * sends 1500-byte packets (the server's MSS allows them), r1's end drops them on arrival and nobody answers
 * "fragmentation needed". Oracles: {@code ip -j link} of both ends, the bytes the server reads.
 */
@NetNamespace("client")
@NetNamespace(value = "r1", sysctl = "net.ipv4.ip_forward=1")
@NetNamespace("server")
@VethPair(name = "a0", namespace = "client", address = "10.71.0.1/24", peer = "a1", peerNamespace = "r1",
        peerAddress = "10.71.0.2/24", mtu = 1500, peerMtu = 1400)
@VethPair(name = "c0", namespace = "r1", address = "10.73.0.1/24", peer = "c1", peerNamespace = "server",
        peerAddress = "10.73.0.2/24")
@Route(namespace = "client", via = "10.71.0.2")
@Route(namespace = "server", via = "10.73.0.1")
class VethMtuMismatchIT {

    @Test
    void aReceivingEndNarrowerThanItsPeerIsABlackHoleWithoutIcmp(@Ns("client") NetNs client, @Ns("r1") NetNs r1,
            @Ns("server") NetNs server) throws Exception {
        assertThat(Kernel.nsenter(r1.path(), "ip", "-j", "link", "show", "a1")).contains("\"mtu\":1400");
        assertThat(Kernel.nsenter(client.path(), "ip", "-j", "link", "show", "a0")).contains("\"mtu\":1500");
        // A veth passes TCP's GSO packets whatever the receiver's MTU (is_skb_forwardable: skb_is_gso), and r1 then
        // answers "fragmentation needed" for its narrower input; one segment per packet makes TCP's frames those
        // of a real NIC, which the receiving end drops (the trace's echo with DF needed no such help). Traced while
        // the orphaned connection still retransmits: the kernel cannot copy some of those frames (EFAULT), which the
        // trace's capture keeps the headers of (FrameTapIT).
        Kernel.nsenter(client.path(), "ip", "link", "set", "a0", "gso_max_segs", "1");
        try (ServerSocket listener = PmtuBlackHoleIT.listen(server)) {
            assertThat(PmtuBlackHoleIT.transfer(client, listener, true)).as("bytes arrived through the mismatch")
                    .isZero();
        }
        PathTrace trace = client.trace(PmtuBlackHoleIT.SERVER);
        assertThat(trace.cause()).isEqualTo(PathTrace.Cause.PMTU_BLACK_HOLE);
        assertThat(trace.explanation()).contains("path MTU black hole without any ICMP: client sends packets of up to"
                + " 1500 bytes out of a0, but the other end of that link, a1 in r1, has MTU 1400 and drops larger"
                + " frames on arrival without a word");
        assertThat(trace.fix()).isEqualTo("give both ends of the link the same MTU: mtu = 1400 on a0 in client too"
                + " (on a @VethPair, mtu sets both ends; peerMtu only the other)");
    }
}
