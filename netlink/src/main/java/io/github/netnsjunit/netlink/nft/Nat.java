package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code nat}: source or destination NAT to the address (and optionally port) held in registers, which earlier
 * {@link Immediate} expressions load. A register of 0 means "not given".
 *
 * @param type        {@link Nft#NFT_NAT_SNAT} or {@link Nft#NFT_NAT_DNAT}
 * @param family      {@link Nft#NFPROTO_IPV4} or {@link Nft#NFPROTO_IPV6}: how to read the address register
 * @param regAddrMin  register holding the address (0 = none)
 * @param regProtoMin register holding the port as a big-endian u16 (0 = none)
 * @param flags       extra NF_NAT_RANGE_* flags (the kernel derives MAP_IPS / PROTO_SPECIFIED from the registers)
 */
public record Nat(int type, int family, int regAddrMin, int regProtoMin, int flags) implements Expression {

    /** NF_NAT_RANGE_PROTO_SPECIFIED: the port registers are to be used. */
    public static final int NF_NAT_RANGE_PROTO_SPECIFIED = 0x2;

    /**
     * {@code dnat to <address in reg 1>[:<port in reg 2>]}. With a port, NF_NAT_RANGE_PROTO_SPECIFIED is sent
     * explicitly, as nft does: recent kernels derive it from the register, older ones ignore the port without it.
     */
    public static Nat dnat(int family, boolean withPort) {
        return new Nat(Nft.NFT_NAT_DNAT, family, Nft.NFT_REG_1, withPort ? Nft.NFT_REG_2 : 0,
                withPort ? NF_NAT_RANGE_PROTO_SPECIFIED : 0);
    }

    /** {@code snat to <address in reg 1>[:<port in reg 2>]} (flags as for {@link #dnat}). */
    public static Nat snat(int family, boolean withPort) {
        return new Nat(Nft.NFT_NAT_SNAT, family, Nft.NFT_REG_1, withPort ? Nft.NFT_REG_2 : 0,
                withPort ? NF_NAT_RANGE_PROTO_SPECIFIED : 0);
    }

    static Nat decode(Attributes a) {
        return new Nat(a.u32be(Nft.NFTA_NAT_TYPE, 0), a.u32be(Nft.NFTA_NAT_FAMILY, 0),
                a.u32be(Nft.NFTA_NAT_REG_ADDR_MIN, 0), a.u32be(Nft.NFTA_NAT_REG_PROTO_MIN, 0),
                a.u32be(Nft.NFTA_NAT_FLAGS, 0));
    }

    @Override
    public String name() {
        return "nat";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_NAT_TYPE, type);
        w.attrU32be(Nft.NFTA_NAT_FAMILY, family);
        if (regAddrMin != 0) {
            w.attrU32be(Nft.NFTA_NAT_REG_ADDR_MIN, regAddrMin);
        }
        if (regProtoMin != 0) {
            w.attrU32be(Nft.NFTA_NAT_REG_PROTO_MIN, regProtoMin);
        }
        if (flags != 0) {
            w.attrU32be(Nft.NFTA_NAT_FLAGS, flags);
        }
    }

    /** {@code snat} or {@code dnat}. */
    String typeName() {
        return type == Nft.NFT_NAT_DNAT ? "dnat" : type == Nft.NFT_NAT_SNAT ? "snat" : "nat" + type;
    }

    @Override
    public String toString() {
        return "nat " + typeName() + " " + Nft.familyName(family)
                + (regAddrMin != 0 ? " addr_min reg " + regAddrMin : "")
                + (regProtoMin != 0 ? " proto_min reg " + regProtoMin : "")
                + (flags != 0 ? " flags 0x" + Integer.toHexString(flags) : "");
    }
}
