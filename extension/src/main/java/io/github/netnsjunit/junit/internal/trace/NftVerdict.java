package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.netlink.nft.TraceEvent;

/**
 * Internal: one nftables trace event, with the namespace it happened in and whether netns-junit made the table.
 *
 * @param namespace the namespace
 * @param event     the kernel's event
 * @param ours      true for a table netns-junit created (its NAT tables); false for any other (the user's, or a
 *                  simulated Docker's)
 */
public record NftVerdict(String namespace, TraceEvent event, boolean ours) {
    /** Like {@code nft monitor trace}, prefixed with the namespace. */
    @Override
    public String toString() {
        return namespace + ": " + event;
    }
}
