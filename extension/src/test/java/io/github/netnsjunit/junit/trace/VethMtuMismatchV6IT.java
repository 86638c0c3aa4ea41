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
import org.junit.jupiter.api.Test;

/**
 * {@link VethMtuMismatchIT} in IPv6: the client's end of a veth pair 1500, the router's end 1400. The router's end
 * drops the client's 1500-byte packets on arrival, and no router answers "packet too big". Oracles: {@code ip -j link}
 * of both ends, the bytes the server reads, the client end's tx dropped count ({@code ip -j -s link}).
 */
@NetNamespace("client")
@NetNamespace(value = "r1", sysctl = "net.ipv6.conf.all.forwarding=1")
@NetNamespace("server")
@VethPair(name = "a0", namespace = "client", address = "fd00:71::1/64", peer = "a1", peerNamespace = "r1",
        peerAddress = "fd00:71::2/64", mtu = 1500, peerMtu = 1400)
@VethPair(name = "c0", namespace = "r1", address = "fd00:73::1/64", peer = "c1", peerNamespace = "server",
        peerAddress = "fd00:73::2/64")
@Route(namespace = "client", via = "fd00:71::2")
@Route(namespace = "server", via = "fd00:73::1")
class VethMtuMismatchV6IT {

    @Test
    void aReceivingEndNarrowerThanItsPeerIsABlackHoleWithoutIcmpv6(@Ns("client") NetNs client, @Ns("r1") NetNs r1,
            @Ns("server") NetNs server) throws Exception {
        assertThat(Kernel.nsenter(r1.path(), "ip", "-j", "link", "show", "a1")).contains("\"mtu\":1400");
        assertThat(Kernel.nsenter(client.path(), "ip", "-j", "link", "show", "a0")).contains("\"mtu\":1500");
        // one segment per packet, as in VethMtuMismatchIT: a veth passes GSO packets whatever the receiver's MTU
        Kernel.nsenter(client.path(), "ip", "link", "set", "a0", "gso_max_segs", "1");
        try (ServerSocket listener = PmtuBlackHoleV6IT.listen(server)) {
            assertThat(PmtuBlackHoleV6IT.transfer(client, listener, true)).as("bytes arrived through the mismatch")
                    .isZero();
        }
        PathTrace trace = client.trace(PmtuBlackHoleV6IT.SERVER);
        assertThat(trace.cause()).as("the trace: %s", trace).isEqualTo(PathTrace.Cause.PMTU_BLACK_HOLE);
        assertThat(trace.explanation()).isEqualTo("path MTU black hole without any ICMP: client sends packets of up to"
                + " 1500 bytes out of a0, but the other end of that link, a1 in r1, has MTU 1400 and drops larger"
                + " frames on arrival without a word (the kernel discards a frame longer than the receiving device's"
                + " MTU, and no router is in between to answer 'packet too big'); a 1500-byte echo request sent"
                + " unfragmented left client and was refused by the other end (the send failed with ENOBUFS, the"
                + " veth's drop) while small packets and the TCP handshake pass: larger"
                + " TCP segments are lost and retransmitted until the connection times out");
        // the kernel's count of the frames the veth could not hand to its narrower peer (veth_xmit's drop)
        Matcher txDropped = Pattern.compile("\"tx\":\\{[^}]*\"dropped\":(\\d+)")
                .matcher(Kernel.nsenter(client.path(), "ip", "-j", "-s", "link", "show", "a0"));
        assertThat(txDropped.find()).as("ip -j -s link show a0 has tx stats").isTrue();
        assertThat(Long.parseLong(txDropped.group(1))).as("tx dropped on a0").isPositive();
        assertThat(trace.fix()).isEqualTo("give both ends of the link the same MTU: mtu = 1400 on a0 in client too"
                + " (on a @VethPair, mtu sets both ends; peerMtu only the other)");
    }
}
