package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code byteorder}: converts a register between host and network order. {@code ct bytes} and {@code numgen} load
 * host-order numbers, while {@link Cmp} orders its operands as big-endian bytes ({@code memcmp}), so nft puts
 * {@code byteorder reg 1 = hton(reg 1, 8, 8)} before a {@code >} or {@code <} on them ({@code nft --debug=netlink}).
 *
 * @param sreg source register
 * @param dreg destination register
 * @param op   {@link #NTOH} or {@link #HTON}
 * @param len  bytes converted
 * @param size the size of each converted number, 2, 4 or 8
 */
public record Byteorder(int sreg, int dreg, int op, int len, int size) implements Expression {
    /** {@code NFTA_BYTEORDER_SREG} … {@code NFTA_BYTEORDER_SIZE}. */
    public static final int NFTA_BYTEORDER_SREG = 1;
    public static final int NFTA_BYTEORDER_DREG = 2;
    public static final int NFTA_BYTEORDER_OP = 3;
    public static final int NFTA_BYTEORDER_LEN = 4;
    public static final int NFTA_BYTEORDER_SIZE = 5;
    /** {@code NFT_BYTEORDER_NTOH}. */
    public static final int NTOH = 0;
    /** {@code NFT_BYTEORDER_HTON}. */
    public static final int HTON = 1;

    /** {@code hton(reg 1, size, size)}: one host-order number of {@code size} bytes in register 1, in place. */
    public static Byteorder hton(int size) {
        return new Byteorder(Nft.NFT_REG_1, Nft.NFT_REG_1, HTON, size, size);
    }

    @Override
    public String name() {
        return "byteorder";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(NFTA_BYTEORDER_SREG, sreg);
        w.attrU32be(NFTA_BYTEORDER_DREG, dreg);
        w.attrU32be(NFTA_BYTEORDER_OP, op);
        w.attrU32be(NFTA_BYTEORDER_LEN, len);
        w.attrU32be(NFTA_BYTEORDER_SIZE, size);
    }

    @Override
    public String toString() {
        return "byteorder reg " + dreg + " = " + (op == HTON ? "hton" : "ntoh") + "(reg " + sreg + ", " + size + ", "
                + len + ")";
    }
}
