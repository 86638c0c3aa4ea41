package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.util.Objects;

/**
 * An nftables table: family, name and NFT_TABLE_F_* flags.
 *
 * @param family an NFPROTO_* family ({@link Nft#NFPROTO_IPV4} = {@code ip}, …)
 * @param name   table name
 * @param flags  {@link Nft#NFT_TABLE_F_OWNER}, {@link Nft#NFT_TABLE_F_DORMANT} or 0
 */
public record Table(int family, String name, int flags) {

    /** Checks the name. */
    public Table {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("nft table name must have 1..255 characters: \"" + name + "\"");
        }
    }

    /** A plain table. */
    public static Table of(int family, String name) {
        return new Table(family, name, 0);
    }

    /**
     * A table owned by the netlink socket that creates it: the kernel deletes it when that socket closes (even if
     * the JVM is killed), and other sockets may not change it. Needs kernel 5.12+.
     */
    public static Table owned(int family, String name) {
        return new Table(family, name, Nft.NFT_TABLE_F_OWNER);
    }

    /** True if the owner flag is set. */
    public boolean isOwned() {
        return (flags & Nft.NFT_TABLE_F_OWNER) != 0;
    }

    /** This table with other flags. */
    public Table withFlags(int newFlags) {
        return new Table(family, name, newFlags);
    }

    /** Writes nfgenmsg + NFTA_TABLE_NAME (+ NFTA_TABLE_FLAGS when non-zero). */
    void writeNew(MessageWriter w) {
        NftBatch.nfgenmsg(w, family);
        w.attrString(Nft.NFTA_TABLE_NAME, name);
        if (flags != 0) {
            w.attrU32be(Nft.NFTA_TABLE_FLAGS, flags);
        }
    }

    /** {@code ip nat}, with {@code flags owner} when owned. */
    @Override
    public String toString() {
        return Nft.familyName(family) + " " + name + (isOwned() ? " (flags owner)" : "");
    }
}
