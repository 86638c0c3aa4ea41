package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IcmpParserTest {
    private static final long COOKIE = 0x1112131415161718L;

    /** An IPv4 header with {@code options} (a multiple of 4 bytes), protocol ICMP. */
    private static byte[] ipv4Header(String source, String destination, byte[] options) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(20 + options.length);
        b.put((byte) (0x40 | (5 + options.length / 4))).put((byte) 0).putShort((short) 0);
        b.putInt(0).put((byte) 64).put((byte) 1).putShort((short) 0);
        b.put(InetAddress.getByName(source).getAddress()).put(InetAddress.getByName(destination).getAddress());
        b.put(options);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer b = ByteBuffer.allocate(java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static byte[] reply(boolean ipv6, int id, int seq) {
        byte[] r = EchoCodec.request(ipv6, id, seq, 42, COOKIE);
        r[0] = (byte) (ipv6 ? 129 : 0);
        return r;
    }

    @Test
    void ipv4EchoReply() throws Exception {
        byte[] d = concat(ipv4Header("10.9.0.2", "10.9.0.1", new byte[0]), reply(false, 0x4242, 3));
        IcmpMessage m = IcmpParser.parseV4(d, d.length);
        assertThat(m).isEqualTo(new IcmpMessage(InetAddress.getByName("10.9.0.2"), true, 0, 0, 0x4242, 3, COOKIE, true));
    }

    @Test
    void ipv4EchoReplyAfterHeaderOptions() throws Exception {
        // IHL 7: an 8-byte record-route-like option area (NOPs then end of list) before the ICMP header
        byte[] options = HexFormat.of().parseHex("0101010101010100");
        byte[] d = concat(ipv4Header("10.9.0.2", "10.9.0.1", options), reply(false, 0x4242, 9));
        assertThat(d[0]).isEqualTo((byte) 0x47);
        IcmpMessage m = IcmpParser.parseV4(d, d.length);
        assertThat(m.reply()).isTrue();
        assertThat(m.identifier()).isEqualTo(0x4242);
        assertThat(m.sequence()).isEqualTo(9);
        assertThat(m.cookie()).isEqualTo(COOKIE);
    }

    @Test
    void ipv4HostUnreachableQuotingOurRequestWithOptions() throws Exception {
        byte[] quotedRequest = EchoCodec.request(false, 0x0777, 2, 42, COOKIE);
        byte[] quoted = concat(ipv4Header("10.9.0.1", "10.9.0.99", new byte[4]), quotedRequest);
        byte[] icmp = concat(HexFormat.of().parseHex("0301000000000000"), quoted);
        byte[] d = concat(ipv4Header("10.9.0.254", "10.9.0.1", new byte[4]), icmp);
        IcmpMessage m = IcmpParser.parseV4(d, d.length);
        assertThat(m.reply()).isFalse();
        assertThat(m.from()).isEqualTo(InetAddress.getByName("10.9.0.254"));
        assertThat(m.type()).isEqualTo(3);
        assertThat(m.code()).isEqualTo(1);
        assertThat(m.identifier()).isEqualTo(0x0777);
        assertThat(m.sequence()).isEqualTo(2);
        assertThat(IcmpDescriptions.describe(false, m.type(), m.code())).isEqualTo("destination host unreachable");
    }

    @Test
    void ipv4ErrorQuotingOnlyEightBytesHasNoCookie() throws Exception {
        byte[] quoted = concat(ipv4Header("10.9.0.1", "10.1.0.9", new byte[0]),
                java.util.Arrays.copyOf(EchoCodec.request(false, 5, 6, 42, COOKIE), 8));
        byte[] d = concat(ipv4Header("10.9.0.2", "10.9.0.1", new byte[0]), HexFormat.of().parseHex("0b00000000000000"),
                quoted);
        IcmpMessage m = IcmpParser.parseV4(d, d.length);
        assertThat(m.type()).isEqualTo(11);
        assertThat(m.hasCookie()).isFalse();
        assertThat(m.sequence()).isEqualTo(6);
    }

    @Test
    void ipv4EchoRequestsAndTruncatedDatagramsAreIgnored() throws Exception {
        byte[] request = concat(ipv4Header("10.9.0.1", "10.9.0.2", new byte[0]), EchoCodec.request(false, 1, 1, 0, 0));
        assertThat(IcmpParser.parseV4(request, request.length)).isNull();
        byte[] reply = concat(ipv4Header("10.9.0.2", "10.9.0.1", new byte[0]), reply(false, 1, 1));
        assertThat(IcmpParser.parseV4(reply, 24)).isNull();
    }

    @Test
    void ipv6EchoReply() throws Exception {
        byte[] r = reply(true, 0x0101, 4);
        InetAddress from = InetAddress.getByName("fd09::2");
        assertThat(IcmpParser.parseV6(r, r.length, from))
                .isEqualTo(new IcmpMessage(from, true, 129, 0, 0x0101, 4, COOKIE, true));
    }

    @Test
    void ipv6AddressUnreachableQuotingOurRequest() throws Exception {
        ByteBuffer ip6 = ByteBuffer.allocate(40);
        ip6.putInt(0x60000000).putShort((short) 64).put((byte) 58).put((byte) 64);
        ip6.put(InetAddress.getByName("fd09::1").getAddress()).put(InetAddress.getByName("fd09::99").getAddress());
        byte[] icmp = concat(HexFormat.of().parseHex("0103000000000000"), ip6.array(),
                EchoCodec.request(true, 0x0202, 1, 42, COOKIE));
        IcmpMessage m = IcmpParser.parseV6(icmp, icmp.length, InetAddress.getByName("fd09::1"));
        assertThat(m.reply()).isFalse();
        assertThat(m.identifier()).isEqualTo(0x0202);
        assertThat(m.sequence()).isEqualTo(1);
        assertThat(IcmpDescriptions.describe(true, 1, 3)).isEqualTo("destination unreachable: address unreachable");
    }

    @Test
    void ipv6NeighbourSolicitationIsIgnored() throws Exception {
        byte[] ns = new byte[24];
        ns[0] = (byte) 135;
        assertThat(IcmpParser.parseV6(ns, ns.length, InetAddress.getByName("fe80::1"))).isNull();
    }
}
