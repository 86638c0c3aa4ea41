package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code immediate}: loads a constant into a register. Into {@link Nft#NFT_REG_VERDICT} it carries a verdict
 * ({@code accept}, {@code drop}, {@code jump CHAIN}); into a data register it holds e.g. a NAT address or port.
 *
 * @param dreg    destination register
 * @param data    constant bytes for a data register (empty for a verdict)
 * @param verdict verdict code for {@link Nft#NFT_REG_VERDICT}
 * @param chain   target chain of {@code jump}/{@code goto}, else null
 */
public record Immediate(int dreg, byte[] data, int verdict, String chain) implements Expression {

    /** Copies the data. */
    public Immediate {
        data = data.clone();
    }

    /** {@code accept}. */
    public static Immediate accept() {
        return verdict(Nft.NF_ACCEPT, null);
    }

    /** {@code drop}. */
    public static Immediate drop() {
        return verdict(Nft.NF_DROP, null);
    }

    /** {@code jump CHAIN}. */
    public static Immediate jump(String chain) {
        return verdict(Nft.NFT_JUMP, chain);
    }

    /** Any verdict code, with an optional target chain. */
    public static Immediate verdict(int code, String chain) {
        return new Immediate(Nft.NFT_REG_VERDICT, new byte[0], code, chain);
    }

    /** Loads {@code data} into data register {@code dreg}. */
    public static Immediate value(int dreg, byte[] data) {
        if (dreg == Nft.NFT_REG_VERDICT) {
            throw new IllegalArgumentException("the verdict register takes a verdict, not data");
        }
        return new Immediate(dreg, data, 0, null);
    }

    /** True when this sets the verdict. */
    public boolean isVerdict() {
        return dreg == Nft.NFT_REG_VERDICT;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    static Immediate decode(Attributes a) {
        int dreg = a.u32be(Nft.NFTA_IMMEDIATE_DREG, 0);
        Attributes d = a.nested(Nft.NFTA_IMMEDIATE_DATA);
        if (d.has(Nft.NFTA_DATA_VERDICT)) {
            Attributes v = d.nested(Nft.NFTA_DATA_VERDICT);
            return new Immediate(dreg, new byte[0], v.u32be(Nft.NFTA_VERDICT_CODE, 0), v.string(Nft.NFTA_VERDICT_CHAIN));
        }
        byte[] value = d.bytes(Nft.NFTA_DATA_VALUE);
        return new Immediate(dreg, value == null ? new byte[0] : value, 0, null);
    }

    @Override
    public String name() {
        return "immediate";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_IMMEDIATE_DREG, dreg);
        if (isVerdict()) {
            int d = w.beginNest(Nft.NFTA_IMMEDIATE_DATA | io.github.netnsjunit.netlink.msg.Netlink.NLA_F_NESTED);
            int v = w.beginNest(Nft.NFTA_DATA_VERDICT | io.github.netnsjunit.netlink.msg.Netlink.NLA_F_NESTED);
            w.attrU32be(Nft.NFTA_VERDICT_CODE, verdict);
            if (chain != null) {
                w.attrString(Nft.NFTA_VERDICT_CHAIN, chain);
            }
            w.endNest(v);
            w.endNest(d);
        } else {
            NftData.writeValue(w, Nft.NFTA_IMMEDIATE_DATA, data);
        }
    }

    /** The verdict as nft writes it: {@code accept}, {@code drop}, {@code jump x}, … */
    String verdictText() {
        return switch (verdict) {
            case Nft.NF_ACCEPT -> "accept";
            case Nft.NF_DROP -> "drop";
            case Nft.NFT_CONTINUE -> "continue";
            case Nft.NFT_RETURN -> "return";
            case Nft.NFT_JUMP -> "jump " + chain;
            case Nft.NFT_GOTO -> "goto " + chain;
            default -> "verdict " + verdict;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Immediate i && i.dreg == dreg && i.verdict == verdict
                && java.util.Objects.equals(i.chain, chain) && java.util.Arrays.equals(i.data, data);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(data) * 31 + dreg * 7 + verdict;
    }

    @Override
    public String toString() {
        return isVerdict() ? "immediate reg 0 " + verdictText() : "immediate reg " + dreg + " 0x" + NftData.hex(data);
    }
}
