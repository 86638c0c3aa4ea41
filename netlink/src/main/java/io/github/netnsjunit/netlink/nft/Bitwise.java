package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code bitwise}: {@code dreg = (sreg & mask) ^ xor} over {@code mask.length} bytes; used for prefixes
 * ({@code ip saddr 10.0.0.0/8}) and flag tests ({@code ct state established,related}).
 */
public record Bitwise(int sreg, int dreg, byte[] mask, byte[] xor) implements Expression {

    /** Validates that mask and xor have the same length. */
    public Bitwise {
        mask = mask.clone();
        xor = xor.clone();
        if (mask.length != xor.length || mask.length == 0) {
            throw new IllegalArgumentException("bitwise mask and xor must have the same, non-zero length");
        }
    }

    /** {@code reg = reg & mask} in {@link Nft#NFT_REG_1}, xor zero. */
    public static Bitwise mask(byte[] mask) {
        return new Bitwise(Nft.NFT_REG_1, Nft.NFT_REG_1, mask, new byte[mask.length]);
    }

    @Override
    public byte[] mask() {
        return mask.clone();
    }

    @Override
    public byte[] xor() {
        return xor.clone();
    }

    static Bitwise decode(Attributes a) {
        byte[] mask = NftData.readValue(a, Nft.NFTA_BITWISE_MASK);
        byte[] xor = NftData.readValue(a, Nft.NFTA_BITWISE_XOR);
        if (mask.length == 0) {
            mask = new byte[Math.max(1, a.u32be(Nft.NFTA_BITWISE_LEN, 1))];
        }
        if (xor.length != mask.length) {
            xor = new byte[mask.length];
        }
        return new Bitwise(a.u32be(Nft.NFTA_BITWISE_SREG, 0), a.u32be(Nft.NFTA_BITWISE_DREG, 0), mask, xor);
    }

    @Override
    public String name() {
        return "bitwise";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_BITWISE_SREG, sreg);
        w.attrU32be(Nft.NFTA_BITWISE_DREG, dreg);
        w.attrU32be(Nft.NFTA_BITWISE_LEN, mask.length);
        NftData.writeValue(w, Nft.NFTA_BITWISE_MASK, mask);
        NftData.writeValue(w, Nft.NFTA_BITWISE_XOR, xor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitwise b && b.sreg == sreg && b.dreg == dreg
                && java.util.Arrays.equals(b.mask, mask) && java.util.Arrays.equals(b.xor, xor);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(mask) * 31 + java.util.Arrays.hashCode(xor) + sreg * 7 + dreg;
    }

    @Override
    public String toString() {
        return "bitwise reg " + dreg + " = ( reg " + sreg + " & 0x" + NftData.hex(mask) + " ) ^ 0x" + NftData.hex(xor);
    }
}
