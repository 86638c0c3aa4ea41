package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code numgen}: a number per evaluated packet into a register, host order. {@code numgen inc mod M} counts the
 * packets that reach it (0, 1, …, M-1, then 0 again), one counter per rule, kept by the kernel for the rule's
 * life; placed after a rule's matches it numbers the matching packets, e.g. connection attempts.
 *
 * @param dreg    destination register
 * @param modulus the count wraps to 0 at this value
 * @param type    {@link #INCREMENTAL} or {@link #RANDOM}
 * @param offset  added to the number
 */
public record Numgen(int dreg, int modulus, int type, int offset) implements Expression {
    /** {@code NFTA_NG_DREG} … {@code NFTA_NG_OFFSET}. */
    public static final int NFTA_NG_DREG = 1;
    public static final int NFTA_NG_MODULUS = 2;
    public static final int NFTA_NG_TYPE = 3;
    public static final int NFTA_NG_OFFSET = 4;
    /** {@code NFT_NG_INCREMENTAL}. */
    public static final int INCREMENTAL = 0;
    /** {@code NFT_NG_RANDOM}. */
    public static final int RANDOM = 1;

    /** {@code numgen inc mod modulus} into register 1. */
    public static Numgen incremental(int modulus) {
        if (modulus <= 0) {
            throw new IllegalArgumentException("numgen modulus must be positive, not " + modulus);
        }
        return new Numgen(Nft.NFT_REG_1, modulus, INCREMENTAL, 0);
    }

    @Override
    public String name() {
        return "numgen";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(NFTA_NG_DREG, dreg);
        w.attrU32be(NFTA_NG_MODULUS, modulus);
        w.attrU32be(NFTA_NG_TYPE, type);
        if (offset != 0) {
            w.attrU32be(NFTA_NG_OFFSET, offset);
        }
    }

    @Override
    public String toString() {
        return "numgen reg " + dreg + " = " + (type == INCREMENTAL ? "inc" : "random") + " mod " + modulus
                + (offset == 0 ? "" : " offset " + offset);
    }
}
