package io.github.netnsjunit.netlink.nft;

import static io.github.netnsjunit.netlink.nft.Tlv.attr;
import static io.github.netnsjunit.netlink.nft.Tlv.be32;
import static io.github.netnsjunit.netlink.nft.Tlv.bytes;
import static io.github.netnsjunit.netlink.nft.Tlv.cat;
import static io.github.netnsjunit.netlink.nft.Tlv.expr;
import static io.github.netnsjunit.netlink.nft.Tlv.message;
import static io.github.netnsjunit.netlink.nft.Tlv.nest;
import static io.github.netnsjunit.netlink.nft.Tlv.str;
import static io.github.netnsjunit.netlink.nft.Tlv.toHex;
import static io.github.netnsjunit.netlink.nft.Tlv.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes of netlink-reference.md §5.1 and §5.3, and decoding back to nft text. */
class NftCodecTest {
    /** The datagram {@code batch} becomes, sequence numbers from 1: what Nftables.apply sends. */
    private static byte[] datagram(NftBatch batch) {
        RequestBatch b = RequestBatch.offline(1);
        batch.writeTo(b);
        return b.bytes();
    }

    private static final byte[] BEGIN_SEQ1 = Tlv.hex("14 00 00 00 10 00 01 00 01 00 00 00 00 00 00 00 00 00 00 0a");
    private static final byte[] BR01 = bytes('b', 'r', '0', '1', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** A batch of one NEWRULE (seq 2) framed by BEGIN (seq 1) and END (seq 3). */
    private static byte[] ruleBatch(int family, String table, String chain, byte[]... exprs) {
        byte[] body = cat(bytes(family, 0, 0, 0), str(1, table), str(2, chain), nest(4, exprs));
        return cat(BEGIN_SEQ1, message(0x0a06, 0x0c05, 2, body), end(3));
    }

    private static byte[] end(int seq) {
        return message(17, 1, seq, bytes(0, 0, 0, 10));
    }

    private static void assertBytes(byte[] actual, byte[] expected) {
        assertThat(toHex(actual)).isEqualTo(toHex(expected));
    }

    @Test
    void beginNewchainEndMatchesReferenceSection51Exactly() {
        byte[] actual = datagram(new NftBatch()
                .add(Chain.nat(Nft.NFPROTO_IPV4, "nlref", "postrouting", Nft.NF_INET_POST_ROUTING, Nft.PRIORITY_SRCNAT))
                );
        byte[] expected = Tlv.hex("""
                14 00 00 00 10 00 01 00 01 00 00 00 00 00 00 00 00 00 00 0a
                54 00 00 00 03 0a 05 04 02 00 00 00 00 00 00 00 02 00 00 00
                0a 00 01 00 6e 6c 72 65 66 00 00 00
                10 00 03 00 70 6f 73 74 72 6f 75 74 69 6e 67 00
                14 00 04 80
                08 00 01 00 00 00 00 04
                08 00 02 00 00 00 00 64
                08 00 05 00 00 00 00 01
                08 00 07 00 6e 61 74 00
                14 00 00 00 11 00 01 00 03 00 00 00 00 00 00 00 00 00 00 0a
                """);
        assertBytes(actual, expected);
    }

    private static final byte[][] MASQ_SECTION_53 = {
        expr("payload", be32(1, 1), be32(2, 1), be32(3, 12), be32(4, 4)),
        expr("bitwise", be32(1, 1), be32(2, 1), be32(3, 4), value(4, bytes(0xff, 0xff, 0xff, 0)), value(5, bytes(0, 0, 0, 0))),
        expr("cmp", be32(1, 1), be32(2, 0), value(3, bytes(0xc0, 0xa8, 0x58, 0))),
        expr("meta", be32(2, 7), be32(1, 1)),
        expr("cmp", be32(1, 1), be32(2, 1), value(3, BR01)),
        expr("masq"),
    };

    private static Rule section53Rule() {
        return Rule.of(Nft.NFPROTO_IPV4, "nlref", "postrouting",
                Payload.ipSaddr(),
                Bitwise.mask(bytes(0xff, 0xff, 0xff, 0)),
                Cmp.eq(bytes(0xc0, 0xa8, 0x58, 0)),
                Meta.load(Nft.NFT_META_OIFNAME),
                Cmp.neq(BR01),
                Masq.masquerade());
    }

    @Test
    void masqueradeRuleOfSection53() {
        byte[] actual = datagram(new NftBatch().add(section53Rule()));
        assertBytes(actual, ruleBatch(2, "nlref", "postrouting", MASQ_SECTION_53));
    }

    @Test
    void masqueradeRuleDecodesBackToNftText() {
        byte[] datagram = ruleBatch(2, "nlref", "postrouting", MASQ_SECTION_53);
        NetlinkMessage newrule = NetlinkMessage.parseAll(ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder())).get(1);
        List<Expression> decoded = Expressions.decode(newrule.attributes(4).nested(Nft.NFTA_RULE_EXPRESSIONS));
        assertThat(decoded).isEqualTo(section53Rule().expressions());
        assertThat(RuleFormatter.format(Nft.NFPROTO_IPV4, decoded))
                .isEqualTo("ip saddr 192.168.88.0/24 oifname != \"br01\" masquerade");
        assertThat(section53Rule().toString()).isEqualTo("ip saddr 192.168.88.0/24 oifname != \"br01\" masquerade");
    }

    @Test
    void masqueradeRecipeKeepsSameSubnetAndDescribesItself() {
        NftBatch b = NatRules.masquerade("nat", IpPrefix.parse("192.168.88.0/24"), "br01", true);
        assertThat(b.changes()).extracting(NftBatch.Change::description).containsExactly(
                "NFT_MSG_NEWTABLE ip nat",
                "NFT_MSG_NEWCHAIN ip nat postrouting { type nat hook postrouting priority 100; policy accept; }",
                "NFT_MSG_NEWRULE ip nat postrouting: ip saddr 192.168.88.0/24 oifname \"br01\" ip daddr != 192.168.88.0/24 masquerade");
        byte[] actual = datagram(new NftBatch().add(b.rules().get(0)));
        assertBytes(actual, ruleBatch(2, "nat", "postrouting",
                MASQ_SECTION_53[0], MASQ_SECTION_53[1], MASQ_SECTION_53[2], MASQ_SECTION_53[3],
                expr("cmp", be32(1, 1), be32(2, 0), value(3, BR01)),
                expr("payload", be32(1, 1), be32(2, 1), be32(3, 16), be32(4, 4)),
                MASQ_SECTION_53[1],
                expr("cmp", be32(1, 1), be32(2, 1), value(3, bytes(0xc0, 0xa8, 0x58, 0))),
                expr("masq")));
    }

    @Test
    void ipv6MasqueradeUsesIp6FamilyAndSixteenByteAddresses() {
        Rule r = NatRules.masqueradeRule("nat6", IpPrefix.parse("fd00:88::/64"), "", true);
        assertThat(r.family()).isEqualTo(Nft.NFPROTO_IPV6);
        assertThat(r.text()).isEqualTo("ip6 saddr fd00:88::/64 ip6 daddr != fd00:88::/64 masquerade");
        byte[] mask = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0);
        byte[] net = IpAddresses.parse("fd00:88::").getAddress();
        byte[] actual = datagram(new NftBatch().add(r));
        assertBytes(actual, ruleBatch(10, "nat6", "postrouting",
                expr("payload", be32(1, 1), be32(2, 1), be32(3, 8), be32(4, 16)),
                expr("bitwise", be32(1, 1), be32(2, 1), be32(3, 16), value(4, mask), value(5, new byte[16])),
                expr("cmp", be32(1, 1), be32(2, 0), value(3, net)),
                expr("payload", be32(1, 1), be32(2, 1), be32(3, 24), be32(4, 16)),
                expr("bitwise", be32(1, 1), be32(2, 1), be32(3, 16), value(4, mask), value(5, new byte[16])),
                expr("cmp", be32(1, 1), be32(2, 1), value(3, net)),
                expr("masq")));
    }

    @Test
    void forwardAcceptEncodingsOfSection53() {
        List<Rule> rules = NatRules.forwardAccept("fwd", "br01").rules();
        byte[] accept = expr("immediate", be32(1, 0), nest(2, nest(2, be32(1, 1))));
        assertBytes(datagram(new NftBatch().add(rules.get(0))), ruleBatch(1, "fwd", "forward",
                expr("meta", be32(2, 6), be32(1, 1)),
                expr("cmp", be32(1, 1), be32(2, 0), value(3, BR01)),
                accept));
        assertBytes(datagram(new NftBatch().add(rules.get(1))), ruleBatch(1, "fwd", "forward",
                expr("meta", be32(2, 7), be32(1, 1)),
                expr("cmp", be32(1, 1), be32(2, 0), value(3, BR01)),
                expr("ct", be32(1, 1), be32(2, 0)),
                expr("bitwise", be32(1, 1), be32(2, 1), be32(3, 4), value(4, bytes(6, 0, 0, 0)), value(5, bytes(0, 0, 0, 0))),
                expr("cmp", be32(1, 1), be32(2, 1), value(3, bytes(0, 0, 0, 0))),
                accept));
        assertThat(rules).extracting(Rule::text)
                .containsExactly("iifname \"br01\" accept", "oifname \"br01\" ct state established,related accept");
    }

    @Test
    void ipDaddrAcceptOfSection53() {
        Rule r = Rule.of(Nft.NFPROTO_IPV4, "f", "forward", Payload.ipDaddr(), Cmp.eq(bytes(0xc0, 0xa8, 0x58, 7)),
                Immediate.accept());
        assertBytes(datagram(new NftBatch().add(r)), ruleBatch(2, "f", "forward",
                expr("payload", be32(1, 1), be32(2, 1), be32(3, 16), be32(4, 4)),
                expr("cmp", be32(1, 1), be32(2, 0), value(3, bytes(0xc0, 0xa8, 0x58, 7))),
                expr("immediate", be32(1, 0), nest(2, nest(2, be32(1, 1))))));
        assertThat(r.text()).isEqualTo("ip daddr 192.168.88.7 accept");
    }

    @Test
    void dnatRule() {
        Rule r = NatRules.dnatRule("pf", "prerouting", TransportProtocol.TCP, 8080,
                new InetSocketAddress(IpAddresses.parse("192.168.88.12"), 80), "eth0");
        assertThat(r.text()).isEqualTo("iifname \"eth0\" meta l4proto tcp th dport 8080 dnat to 192.168.88.12:80");
        byte[] eth0 = bytes('e', 't', 'h', '0', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertBytes(datagram(new NftBatch().add(r)), ruleBatch(2, "pf", "prerouting",
                expr("meta", be32(2, 6), be32(1, 1)),
                expr("cmp", be32(1, 1), be32(2, 0), value(3, eth0)),
                expr("meta", be32(2, 16), be32(1, 1)),
                expr("cmp", be32(1, 1), be32(2, 0), value(3, bytes(6))),
                expr("payload", be32(1, 1), be32(2, 2), be32(3, 2), be32(4, 2)),
                expr("cmp", be32(1, 1), be32(2, 0), value(3, bytes(0x1f, 0x90))),
                expr("immediate", be32(1, 1), value(2, bytes(192, 168, 88, 12))),
                expr("immediate", be32(1, 2), value(2, bytes(0, 80))),
                expr("nat", be32(1, 1), be32(2, 2), be32(3, 1), be32(5, 2), be32(7, 2))));
    }

    @Test
    void dnatRecipeAddsOutputChainForLocalConnections() {
        NftBatch b = NatRules.dnat("pf6", TransportProtocol.UDP, 53,
                new InetSocketAddress(IpAddresses.parse("fd00::12"), 5353), "");
        assertThat(b.changes()).extracting(NftBatch.Change::description).containsExactly(
                "NFT_MSG_NEWTABLE ip6 pf6",
                "NFT_MSG_NEWCHAIN ip6 pf6 prerouting { type nat hook prerouting priority -100; policy accept; }",
                "NFT_MSG_NEWCHAIN ip6 pf6 output { type nat hook output priority -100; policy accept; }",
                "NFT_MSG_NEWRULE ip6 pf6 prerouting: meta l4proto udp th dport 53 dnat to [fd00::12]:5353",
                "NFT_MSG_NEWRULE ip6 pf6 output: oifname \"lo\" meta l4proto udp th dport 53 dnat to [fd00::12]:5353");
    }

    @Test
    void ownedTableAndDeleteMessages() {
        byte[] actual = datagram(new NftBatch().add(Table.owned(Nft.NFPROTO_INET, "t")).destroyTable(Nft.NFPROTO_IPV4, "old")
                .deleteTable(Nft.NFPROTO_IPV6, "x"));
        assertBytes(actual, cat(BEGIN_SEQ1,
                // only the last change asks for an ACK (NLM_F_ACK 0x4); the kernel reports any failure anyway
                message(0x0a00, 0x0401, 2, cat(bytes(1, 0, 0, 0), str(1, "t"), be32(2, 2))),
                message(0x0a1a, 0x0001, 3, cat(bytes(2, 0, 0, 0), str(1, "old"))),
                message(0x0a02, 0x0005, 4, cat(bytes(10, 0, 0, 0), str(1, "x"))),
                end(5)));
        assertThat(new NftBatch().add(Table.owned(2, "t")).withoutOwnerFlag().changes().get(0).description())
                .isEqualTo("NFT_MSG_NEWTABLE ip t");
        assertThat(datagram(new NftBatch().addExclusive(Table.of(2, "t")))[27]).isEqualTo((byte) 0x06); // high byte of flags: CREATE|EXCL
    }

    @Test
    void decoderUnderstandsNftsShortPrefixFormAndUnknownExpressions() {
        List<Expression> nftStyle = List.of(
                Payload.load(Nft.NFT_PAYLOAD_NETWORK_HEADER, 12, 3), Cmp.eq(bytes(0xc0, 0xa8, 0x58)),
                new UnknownExpression("fib", new byte[0]), Counter.create(), Immediate.drop());
        assertThat(RuleFormatter.format(Nft.NFPROTO_IPV4, nftStyle))
                .isEqualTo("ip saddr 192.168.88.0/24 [expr fib] counter packets 0 bytes 0 drop");
    }

    /**
     * {@code nft add rule ip t output ip daddr 10.0.0.1 counter drop} (nftables 1.0.6), its NFTA_RULE_EXPRESSIONS
     * content as captured with {@code strace -xx -e sendmsg}: the counter is an expression with an empty data nest,
     * which the kernel starts at zero. The block recipe for every port writes the same bytes.
     */
    private static final byte[] NFT_DADDR_COUNTER_DROP = Tlv.hex("""
            34 00 01 80 0c 00 01 00 70 61 79 6c 6f 61 64 00 24 00 02 80 08 00 01 00 00 00 00 01
            08 00 02 00 00 00 00 01 08 00 03 00 00 00 00 10 08 00 04 00 00 00 00 04
            2c 00 01 80 08 00 01 00 63 6d 70 00 20 00 02 80 08 00 01 00 00 00 00 01
            08 00 02 00 00 00 00 00 0c 00 03 80 08 00 01 00 0a 00 00 01
            14 00 01 80 0c 00 01 00 63 6f 75 6e 74 65 72 00 04 00 02 80
            30 00 01 80 0e 00 01 00 69 6d 6d 65 64 69 61 74 65 00 00 00 1c 00 02 80 08 00 01 00 00 00 00 00
            10 00 02 80 0c 00 02 80 08 00 01 00 00 00 00 00
            """);

    @Test
    void countedDropIsByteEqualToNftsOwnRule() {
        Rule r = FilterRules.block("t", IpAddresses.parse("10.0.0.1"), 0, false).rules().get(0);
        assertBytes(datagram(new NftBatch().add(r)), ruleBatch(2, "t", "output", NFT_DADDR_COUNTER_DROP));
        assertThat(r.text()).isEqualTo("ip daddr 10.0.0.1 counter packets 0 bytes 0 drop");
    }

    @Test
    void countersReadBackAreSummedAndResetsCountedApart() {
        List<Rule> rules = List.of(
                Rule.of(Nft.NFPROTO_IPV4, "t", "output", new Counter(3, 180), Reject.tcpReset()),
                Rule.of(Nft.NFPROTO_IPV4, "t", "output", new Counter(2, 84), Immediate.drop()),
                Rule.of(Nft.NFPROTO_IPV4, "t", "output", Immediate.accept()));
        assertThat(TableCounters.of(rules)).isEqualTo(new TableCounters(5, 264, 3));
        assertThat(TableCounters.of(rules).plus(new TableCounters(1, 1, 1))).isEqualTo(new TableCounters(6, 265, 4));
    }
}
