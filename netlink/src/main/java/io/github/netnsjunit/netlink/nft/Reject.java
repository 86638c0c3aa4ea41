package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code reject}: drops the packet and answers its sender, with a TCP reset ({@code reject with tcp reset}) or an
 * ICMP/ICMPv6 error ({@code reject with icmp port-unreachable}). Valid in filter chains on input, forward and
 * output; in output the answer goes to the local socket, so a connect fails at once with ECONNREFUSED and an
 * established TCP connection is reset.
 *
 * @param type {@link #ICMP_UNREACH}, {@link #TCP_RST} or {@link #ICMPX_UNREACH}
 * @param code the ICMP code for the ICMP types (ICMP 3 / ICMPv6 4 = port unreachable), unused for a reset
 */
public record Reject(int type, int code) implements Expression {
    public static final int NFTA_REJECT_TYPE = 1;
    public static final int NFTA_REJECT_ICMP_CODE = 2;
    /** {@code NFT_REJECT_ICMP_UNREACH}: an ICMP error of the table's family. */
    public static final int ICMP_UNREACH = 0;
    /** {@code NFT_REJECT_TCP_RST}. */
    public static final int TCP_RST = 1;
    /** {@code NFT_REJECT_ICMPX_UNREACH}: family-independent codes, for inet tables. */
    public static final int ICMPX_UNREACH = 2;
    /** {@code ICMP_PORT_UNREACH} (IPv4). */
    public static final int ICMP_PORT_UNREACH = 3;
    /** {@code ICMPV6_PORT_UNREACH}. */
    public static final int ICMPV6_PORT_UNREACH = 4;

    /** {@code reject with tcp reset}. */
    public static Reject tcpReset() {
        return new Reject(TCP_RST, 0);
    }

    /** {@code reject with icmp port-unreachable} (or icmpv6 for an ip6 table). */
    public static Reject portUnreachable(int family) {
        return new Reject(ICMP_UNREACH, family == Nft.NFPROTO_IPV6 ? ICMPV6_PORT_UNREACH : ICMP_PORT_UNREACH);
    }

    static Reject decode(Attributes a) {
        return new Reject(a.u32be(NFTA_REJECT_TYPE, 0), a.u8(NFTA_REJECT_ICMP_CODE, 0));
    }

    @Override
    public String name() {
        return "reject";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(NFTA_REJECT_TYPE, type);
        if (type != TCP_RST) {
            w.attrU8(NFTA_REJECT_ICMP_CODE, code);
        }
    }

    /** nft's words, e.g. {@code reject with tcp reset}. */
    String text() {
        return type == TCP_RST ? "reject with tcp reset" : "reject with icmp code " + code;
    }

    @Override
    public String toString() {
        return type == TCP_RST ? "reject type 1" : "reject type " + type + " code " + code;
    }
}
