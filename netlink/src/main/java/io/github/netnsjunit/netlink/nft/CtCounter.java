package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code ct} load of a connection's accounting: {@code ct original bytes}, {@code ct reply packets}, or both
 * directions summed ({@code ct bytes}), as a host-order u64 (compare it after {@link Byteorder#hton(int)} with 8).
 * Bytes are whole IP packets, headers included, as conntrack accounts them. Loading them turns on conntrack
 * accounting in the namespace ({@code net.netfilter.nf_conntrack_acct} becomes 1, {@code nft_ct_get_init}); a
 * connection made before that has no accounting and reads 0.
 *
 * @param key       {@link #PACKETS} or {@link #BYTES}
 * @param direction {@link #ORIGINAL}, {@link #REPLY}, or {@link #BOTH} for the sum
 * @param dreg      destination register
 */
public record CtCounter(int key, int direction, int dreg) implements Expression {
    /** {@code NFT_CT_PKTS}. */
    public static final int PACKETS = 14;
    /** {@code NFT_CT_BYTES}. */
    public static final int BYTES = 15;
    /** {@code IP_CT_DIR_ORIGINAL}: from the side that opened the connection. */
    public static final int ORIGINAL = 0;
    /** {@code IP_CT_DIR_REPLY}. */
    public static final int REPLY = 1;
    /** No direction attribute: both directions added up. */
    public static final int BOTH = -1;

    /** {@code ct [original|reply] bytes} into register 1. */
    public static CtCounter bytes(int direction) {
        return new CtCounter(BYTES, direction, Nft.NFT_REG_1);
    }

    /** {@code ct [original|reply] packets} into register 1. */
    public static CtCounter packets(int direction) {
        return new CtCounter(PACKETS, direction, Nft.NFT_REG_1);
    }

    @Override
    public String name() {
        return "ct";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_CT_DREG, dreg);
        w.attrU32be(Nft.NFTA_CT_KEY, key);
        if (direction != BOTH) {
            w.attrU8(Nft.NFTA_CT_DIRECTION, direction);
        }
    }

    @Override
    public String toString() {
        return "ct load " + (key == BYTES ? "bytes" : "packets") + " => reg " + dreg
                + (direction == BOTH ? "" : direction == ORIGINAL ? " , dir original" : " , dir reply");
    }
}
