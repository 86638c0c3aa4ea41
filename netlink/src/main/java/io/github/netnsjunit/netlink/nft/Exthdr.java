package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code exthdr} write to a TCP option: {@code tcp option maxseg size set 500} is {@code immediate reg 1 0x01f4}
 * then {@code exthdr write tcpopt reg 1 => 2b @ 2 + 2} (option kind 2, offset 2 within the option, 2 bytes). The
 * kernel rewrites the option only when the packet carries it, and fixes the TCP checksum
 * ({@code nft_exthdr_tcp_set_eval}).
 *
 * @param op     {@link #OP_TCPOPT}
 * @param type   the option kind, e.g. {@link #TCPOPT_MAXSEG}
 * @param offset byte offset inside the option
 * @param len    bytes written
 * @param sreg   register holding the new value (network order)
 */
public record Exthdr(int op, int type, int offset, int len, int sreg) implements Expression {
    /** {@code NFTA_EXTHDR_TYPE} … {@code NFTA_EXTHDR_SREG}. */
    public static final int NFTA_EXTHDR_TYPE = 2;
    public static final int NFTA_EXTHDR_OFFSET = 3;
    public static final int NFTA_EXTHDR_LEN = 4;
    public static final int NFTA_EXTHDR_OP = 6;
    public static final int NFTA_EXTHDR_SREG = 7;
    /** {@code NFT_EXTHDR_OP_TCPOPT}. */
    public static final int OP_TCPOPT = 1;
    /** TCP option kind 2, maximum segment size. */
    public static final int TCPOPT_MAXSEG = 2;

    /** Writes register 1 (2 bytes, network order) into the MSS option's value. */
    public static Exthdr setMaxseg() {
        return new Exthdr(OP_TCPOPT, TCPOPT_MAXSEG, 2, 2, Nft.NFT_REG_1);
    }

    @Override
    public String name() {
        return "exthdr";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(NFTA_EXTHDR_SREG, sreg);
        w.attrU8(NFTA_EXTHDR_TYPE, type);
        w.attrU32be(NFTA_EXTHDR_OFFSET, offset);
        w.attrU32be(NFTA_EXTHDR_LEN, len);
        w.attrU32be(NFTA_EXTHDR_OP, op);
    }

    @Override
    public String toString() {
        return "exthdr write " + (op == OP_TCPOPT ? "tcpopt" : "op" + op) + " reg " + sreg + " => " + len + "b @ "
                + type + " + " + offset;
    }
}
