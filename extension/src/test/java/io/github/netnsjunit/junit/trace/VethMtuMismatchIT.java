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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 2, the black hole without any ICMP, in IPv4 and in IPv6: a veth pair declared with ends of different
 * MTUs ({@code mtu = 1500, peerMtu = 1400}), the client's end the larger, a router behind the narrower one. The client
 * sends 1500-byte packets (the server's MSS allows them), r1's end drops them on arrival and nobody answers
 * "fragmentation needed" or "packet too big". Oracles: {@code ip -j link} of both ends, the bytes the server reads,
 * the client end's tx dropped count ({@code ip -j -s link}). The two families differ only in the topology's
 * addresses and forwarding sysctl, declared on a nested class each.
 */
class VethMtuMismatchIT {

    @Nested
    @NetNamespace("client")
    @NetNamespace(value = "r1", sysctl = "net.ipv4.ip_forward=1")
    @NetNamespace("server")
    @VethPair(name = "a0", namespace = "client", address = "10.71.0.1/24", peer = "a1", peerNamespace = "r1",
            peerAddress = "10.71.0.2/24", mtu = 1500, peerMtu = 1400)
    @VethPair(name = "c0", namespace = "r1", address = "10.73.0.1/24", peer = "c1", peerNamespace = "server",
            peerAddress = "10.73.0.2/24")
    @Route(namespace = "client", via = "10.71.0.2")
    @Route(namespace = "server", via = "10.73.0.1")
    class Ipv4 extends Mismatch {
        Ipv4() {
            super("10.73.0.2");
        }

        @Test
        void aReceivingEndNarrowerThanItsPeerIsABlackHoleWithoutIcmp(@Ns("client") NetNs client, @Ns("r1") NetNs r1,
                @Ns("server") NetNs server) throws Exception {
            PathTrace trace = stallsAndIsTraced(client, r1, server);
            assertThat(trace.explanation()).contains("path MTU black hole without any ICMP: client sends packets of up"
                    + " to 1500 bytes out of a0, but the other end of that link, a1 in r1, has MTU 1400 and drops larger"
                    + " frames on arrival without a word");
        }
    }

    @Nested
    @NetNamespace("client")
    @NetNamespace(value = "r1", sysctl = "net.ipv6.conf.all.forwarding=1")
    @NetNamespace("server")
    @VethPair(name = "a0", namespace = "client", address = "fd00:71::1/64", peer = "a1", peerNamespace = "r1",
            peerAddress = "fd00:71::2/64", mtu = 1500, peerMtu = 1400)
    @VethPair(name = "c0", namespace = "r1", address = "fd00:73::1/64", peer = "c1", peerNamespace = "server",
            peerAddress = "fd00:73::2/64")
    @Route(namespace = "client", via = "fd00:71::2")
    @Route(namespace = "server", via = "fd00:73::1")
    class Ipv6 extends Mismatch {
        Ipv6() {
            super("fd00:73::2");
        }

        @Test
        void aReceivingEndNarrowerThanItsPeerIsABlackHoleWithoutIcmpv6(@Ns("client") NetNs client,
                @Ns("r1") NetNs r1, @Ns("server") NetNs server) throws Exception {
            PathTrace trace = stallsAndIsTraced(client, r1, server);
            assertThat(trace.explanation()).isEqualTo("path MTU black hole without any ICMP: client sends packets of"
                    + " up to 1500 bytes out of a0, but the other end of that link, a1 in r1, has MTU 1400 and drops"
                    + " larger frames on arrival without a word (the kernel discards a frame longer than the receiving"
                    + " device's MTU, and no router is in between to answer 'packet too big'); a 1500-byte echo request"
                    + " sent unfragmented left client and was refused by the other end (the send failed with ENOBUFS,"
                    + " the veth's drop) while small packets and the TCP handshake pass: larger"
                    + " TCP segments are lost and retransmitted until the connection times out");
        }
    }

    /** The steps and the family-independent checks of both topologies; the explanation is the family's. */
    abstract static class Mismatch {
        private static final int PORT = 9100;
        private final String server;

        Mismatch(String server) {
            this.server = server;
        }

        /** Checks the declared MTUs, writes through the mismatch and returns the trace, its cause and fix checked. */
        final PathTrace stallsAndIsTraced(NetNs client, NetNs r1, NetNs serverNs) throws Exception {
            assertThat(Kernel.nsenter(r1.path(), "ip", "-j", "link", "show", "a1")).contains("\"mtu\":1400");
            assertThat(Kernel.nsenter(client.path(), "ip", "-j", "link", "show", "a0")).contains("\"mtu\":1500");
            // A veth passes TCP's GSO packets whatever the receiver's MTU (is_skb_forwardable: skb_is_gso), and r1
            // then answers "fragmentation needed" for its narrower input; one segment per packet makes TCP's frames
            // those of a real NIC, which the receiving end drops (the trace's echo with DF needed no such help).
            // Traced while the orphaned connection still retransmits: the kernel cannot copy some of those frames
            // (EFAULT), which the trace's capture keeps the headers of (FrameTapIT).
            Kernel.nsenter(client.path(), "ip", "link", "set", "a0", "gso_max_segs", "1");
            try (ServerSocket listener = LargeWrite.listen(serverNs, server, PORT)) {
                assertThat(LargeWrite.bytesArriving(client, listener, server, PORT, true))
                        .as("bytes arrived through the mismatch").isZero();
            }
            PathTrace trace = client.trace(server);
            assertThat(trace.cause()).as("the trace: %s", trace).isEqualTo(PathTrace.Cause.PMTU_BLACK_HOLE);
            // the kernel's count of the frames the veth could not hand to its narrower peer (veth_xmit's drop)
            Matcher txDropped = Pattern.compile("\"tx\":\\{[^}]*\"dropped\":(\\d+)")
                    .matcher(Kernel.nsenter(client.path(), "ip", "-j", "-s", "link", "show", "a0"));
            assertThat(txDropped.find()).as("ip -j -s link show a0 has tx stats").isTrue();
            assertThat(Long.parseLong(txDropped.group(1))).as("tx dropped on a0").isPositive();
            assertThat(trace.fix()).isEqualTo("give both ends of the link the same MTU: mtu = 1400 on a0 in client too"
                    + " (on a @VethPair, mtu sets both ends; peerMtu only the other)");
            return trace;
        }
    }
}
