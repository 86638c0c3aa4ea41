package io.github.netnsjunit.netlink.nft;

import java.util.List;

/**
 * What {@link Nftables#apply} did besides applying the batch.
 *
 * @param ownerFlagDropped true if the kernel refused {@link Nft#NFT_TABLE_F_OWNER} (older than 5.12) and the batch
 *                         was applied again without it: the tables then outlive the socket and must be deleted
 * @param notes            human-readable remarks about such fallbacks (empty when none)
 */
public record ApplyResult(boolean ownerFlagDropped, List<String> notes) {
    /** Copies the notes. */
    public ApplyResult {
        notes = List.copyOf(notes);
    }

    static ApplyResult clean() {
        return new ApplyResult(false, List.of());
    }
}
