package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code meta} set: writes a register into packet metadata, e.g. {@code meta nftrace set 1} (key
 * {@link Nft#NFT_META_NFTRACE}), which makes the kernel report the packet's way through every later chain as
 * NFT_MSG_TRACE events. {@code nft --debug=netlink} shows it as {@code [ meta set nftrace with reg 1 ]}.
 *
 * @param key  the metadata key
 * @param sreg source register
 */
public record MetaSet(int key, int sreg) implements Expression {

    /** {@code meta nftrace set 1}'s second half: the 1 must be loaded into {@link Nft#NFT_REG_1} before. */
    public static MetaSet nftrace() {
        return new MetaSet(Nft.NFT_META_NFTRACE, Nft.NFT_REG_1);
    }

    @Override
    public String name() {
        return "meta";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_META_KEY, key);
        w.attrU32be(Nft.NFTA_META_SREG, sreg);
    }
}
