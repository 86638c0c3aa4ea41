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
}
