package io.github.netnsjunit.junit.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames decoded into tcpdump's words; the bytes are frames captured on a veth here (tcpdump -xx). */
class PacketDecoderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void arpRequestAndReply() {
        byte[] request = hex("ffffffffffff 1e72c41f55ab 0806 0001 0800 06 04 0001 1e72c41f55ab ac120003"
                + " 000000000000 ac120009");
        Packet p = PacketDecoder.decode("ns1", "veth1", true, 1, request);
        assertThat(p.kind()).isEqualTo(Packet.Kind.ARP_REQUEST);
        assertThat(p.text()).isEqualTo("ARP, Request who-has 172.18.0.9 tell 172.18.0.3");
        assertThat(p.target()).isEqualTo(IpAddresses.parse("172.18.0.9"));
        byte[] reply = hex("1e72c41f55ab 0200000001020806 0001 0800 06 04 0002 020000000102 ac120009"
                + " 1e72c41f55ab ac120003");
        Packet r = PacketDecoder.decode("ns0", "veth0", true, 2, reply);
        assertThat(r.text()).isEqualTo("ARP, Reply 172.18.0.9 is-at 02:00:00:00:01:02");
        assertThat(HopAccount.unanswered(p, List.of(p, r))).isFalse();
        assertThat(HopAccount.unanswered(p, List.of(p))).isTrue();
    }

    @Test
    void icmpEchoAndTcpSyn() {
        String eth = "020000000102 1e72c41f55ab 0800";
        byte[] echo = hex(eth + "4500 0054 0000 4000 4001 0000 ac120003 ac120002"
                + "0800 0000 1234 0001" + "00".repeat(8));
        Packet e = PacketDecoder.decode("ns1", "veth1", true, 1, echo);
        assertThat(e.text()).isEqualTo("IP 172.18.0.3 > 172.18.0.2: ICMP echo request, id 4660, seq 1");
        byte[] syn = hex(eth + "4500 003c 0000 4000 4006 0000 ac120003 ac120002"
                + "9c40 0050 00000001 00000000 a002 faf0 0000 0000");
        Packet s = PacketDecoder.decode("ns1", "veth1", true, 1, syn);
        assertThat(s.kind()).isEqualTo(Packet.Kind.TCP_SYN);
        assertThat(s.text()).isEqualTo("IP 172.18.0.3.40000 > 172.18.0.2.80: Flags [S]");
        assertThat(HopAccount.lines(List.of(e, e))).containsExactly(
                "veth1 (ns1) out: IP 172.18.0.3 > 172.18.0.2: ICMP echo request, id 4660 ×2 — no reply");
    }

    /** IPv6 frames built by hand after the layouts of RFC 4443 and RFC 4861 (checksums are not read). */
    @Test
    void neighbourDiscoveryDadAndIcmpv6Errors() {
        String eth = "3333ff000009 1e72c41f55ab 86dd";
        String fd3 = "fd000000000000000000000000000003";
        String fd9 = "fd000000000000000000000000000009";
        String solicited = "ff0200000000000000000001ff000009";
        byte[] ns = hex(eth + "6000 0000 0020 3aff" + fd3 + solicited + "8700 0000 00000000" + fd9
                + "0101 1e72c41f55ab");
        Packet n = PacketDecoder.decode("ns1", "veth1", true, 1, ns);
        assertThat(n.kind()).isEqualTo(Packet.Kind.ND_SOLICIT);
        assertThat(n.text()).isEqualTo("IP6 fd00::3 > ff02::1:ff00:9: ICMP6, neighbor solicitation, who has fd00::9");
        assertThat(n.target()).isEqualTo(IpAddresses.parse("fd00::9"));
        // duplicate address detection: source ::, the kernel asking about its own tentative address
        byte[] dad = hex(eth + "6000 0000 0018 3aff" + "00".repeat(16) + solicited + "8700 0000 00000000" + fd9);
        Packet d = PacketDecoder.decode("ns1", "veth1", true, 1, dad);
        assertThat(d.kind()).isEqualTo(Packet.Kind.OTHER);
        assertThat(d.isNeighbourRequest()).isFalse();
        assertThat(d.text()).isEqualTo("IP6 :: > ff02::1:ff00:9: ICMP6, neighbor solicitation, who has fd00::9");
        // a router without a route: destination unreachable, code 0, quoting the echo request
        String quoted = "6000 0000 0040 3a40" + fd3 + fd9;
        byte[] noRoute = hex(eth + "6000 0000 0030 3a40" + "fd000000000000000000000000000001" + fd3
                + "0100 0000 00000000" + quoted);
        Packet r = PacketDecoder.decode("ns1", "veth1", false, 1, noRoute);
        assertThat(r.kind()).isEqualTo(Packet.Kind.ICMP_ERROR);
        assertThat(r.quoted()).isEqualTo(IpAddresses.parse("fd00::9"));
        assertThat(r.text()).isEqualTo("IP6 fd00::1 > fd00::3: ICMP6, destination unreachable, unreachable route"
                + " fd00::9");
        byte[] tooBig = hex(eth + "6000 0000 0030 3a40" + "fd000000000000000000000000000001" + fd3
                + "0200 0000 00000578" + quoted);
        assertThat(PacketDecoder.decode("ns1", "veth1", false, 1, tooBig).text())
                .isEqualTo("IP6 fd00::1 > fd00::3: ICMP6, packet too big, mtu 1400");
    }
}
