package io.github.netnsjunit.netlink.nft;

/**
 * A table as the kernel lists it (NFT_MSG_GETTABLE dump).
 *
 * @param family      NFPROTO_* family
 * @param name        table name
 * @param flags       NFT_TABLE_F_* flags
 * @param ownerPortId netlink port id of the owning socket, or 0 when not owned
 */
public record TableInfo(int family, String name, int flags, int ownerPortId) {
    /** True if the table is owned by a socket. */
    public boolean isOwned() {
        return (flags & Nft.NFT_TABLE_F_OWNER) != 0;
    }

    @Override
    public String toString() {
        return "table " + Nft.familyName(family) + " " + name + (isOwned() ? " (owner " + ownerPortId + ")" : "");
    }
}
