package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code meta} load: copies packet metadata (interface names, protocol numbers, …) into a register.
 *
 * @param key  {@link Nft#NFT_META_IIFNAME}, {@link Nft#NFT_META_OIFNAME}, {@link Nft#NFT_META_L4PROTO},
 *             {@link Nft#NFT_META_NFPROTO}, …
 * @param dreg destination register
 */
public record Meta(int key, int dreg) implements Expression {

    /** Loads {@code key} into {@link Nft#NFT_REG_1}. */
    public static Meta load(int key) {
        return new Meta(key, Nft.NFT_REG_1);
    }

    static Meta decode(Attributes a) {
        return new Meta(a.u32be(Nft.NFTA_META_KEY, 0), a.u32be(Nft.NFTA_META_DREG, 0));
    }

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public void writeData(MessageWriter w) {
        // key before dreg, the order libnftnl uses (the kernel does not care)
        w.attrU32be(Nft.NFTA_META_KEY, key);
        w.attrU32be(Nft.NFTA_META_DREG, dreg);
    }

    /** The nft keyword of the key. */
    String keyName() {
        return switch (key) {
            case Nft.NFT_META_LEN -> "len";
            case Nft.NFT_META_PROTOCOL -> "protocol";
            case Nft.NFT_META_MARK -> "mark";
            case Nft.NFT_META_IIF -> "iif";
            case Nft.NFT_META_OIF -> "oif";
            case Nft.NFT_META_IIFNAME -> "iifname";
            case Nft.NFT_META_OIFNAME -> "oifname";
            case Nft.NFT_META_NFPROTO -> "nfproto";
            case Nft.NFT_META_L4PROTO -> "l4proto";
            default -> "key" + key;
        };
    }

    @Override
    public String toString() {
        return "meta load " + keyName() + " => reg " + dreg;
    }
}
