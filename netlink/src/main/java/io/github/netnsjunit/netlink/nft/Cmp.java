package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code cmp}: compares a register with constant bytes; the rule stops (NFT_BREAK) when the comparison is false.
 *
 * @param sreg register to compare
 * @param op   {@link Nft#NFT_CMP_EQ}, {@link Nft#NFT_CMP_NEQ}, …
 * @param data the constant, as raw register bytes
 */
public record Cmp(int sreg, int op, byte[] data) implements Expression {

    /** Copies the data. */
    public Cmp {
        data = data.clone();
    }

    /** {@code reg1 == data}. */
    public static Cmp eq(byte[] data) {
        return new Cmp(Nft.NFT_REG_1, Nft.NFT_CMP_EQ, data);
    }

    /** {@code reg1 != data}. */
    public static Cmp neq(byte[] data) {
        return new Cmp(Nft.NFT_REG_1, Nft.NFT_CMP_NEQ, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    static Cmp decode(Attributes a) {
        return new Cmp(a.u32be(Nft.NFTA_CMP_SREG, 0), a.u32be(Nft.NFTA_CMP_OP, 0), NftData.readValue(a, Nft.NFTA_CMP_DATA));
    }

    @Override
    public String name() {
        return "cmp";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_CMP_SREG, sreg);
        w.attrU32be(Nft.NFTA_CMP_OP, op);
        NftData.writeValue(w, Nft.NFTA_CMP_DATA, data);
    }

    /** {@code eq}, {@code neq}, {@code lt}, … as nft --debug prints them. */
    String opName() {
        return switch (op) {
            case Nft.NFT_CMP_EQ -> "eq";
            case Nft.NFT_CMP_NEQ -> "neq";
            case Nft.NFT_CMP_LT -> "lt";
            case Nft.NFT_CMP_LTE -> "lte";
            case Nft.NFT_CMP_GT -> "gt";
            case Nft.NFT_CMP_GTE -> "gte";
            default -> "op" + op;
        };
    }

    /** The operator as written in nft rules ({@code ""} for equality). */
    String opSymbol() {
        return switch (op) {
            case Nft.NFT_CMP_EQ -> "";
            case Nft.NFT_CMP_NEQ -> "!= ";
            case Nft.NFT_CMP_LT -> "< ";
            case Nft.NFT_CMP_LTE -> "<= ";
            case Nft.NFT_CMP_GT -> "> ";
            case Nft.NFT_CMP_GTE -> ">= ";
            default -> "op" + op + " ";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cmp c && c.sreg == sreg && c.op == op && java.util.Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(data) * 31 + op * 7 + sreg;
    }

    @Override
    public String toString() {
        return "cmp " + opName() + " reg " + sreg + " 0x" + NftData.hex(data);
    }
}
