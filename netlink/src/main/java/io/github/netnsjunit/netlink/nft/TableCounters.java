package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import java.util.List;

/**
 * What the {@code counter} expressions of a table's rules counted, read back from the kernel (an NFT_MSG_GETRULE
 * dump carries each counter's current packets and bytes, {@code nft list table} prints the same numbers): in total,
 * and for the rules that answer with a TCP reset (each such packet is one refused connection attempt: the SYN is
 * answered locally and never retried by the caller's connect).
 *
 * @param packets      packets counted by every counter of the table
 * @param bytes        their bytes, as the counter sees them: the network-layer length (no link-layer header)
 * @param resetPackets packets counted by rules whose verdict is {@code reject with tcp reset}
 */
public record TableCounters(long packets, long bytes, long resetPackets) {
    /** Nothing counted. */
    public static final TableCounters NONE = new TableCounters(0, 0, 0);

    /** Sums the counters of these rules. */
    public static TableCounters of(List<Rule> rules) {
        long packets = 0;
        long bytes = 0;
        long resets = 0;
        for (Rule r : rules) {
            boolean reset = r.expressions().stream().anyMatch(e -> e instanceof Reject j && j.type() == Reject.TCP_RST);
            for (Expression e : r.expressions()) {
                if (e instanceof Counter c) {
                    packets += c.packets();
                    bytes += c.bytes();
                    if (reset) {
                        resets += c.packets();
                    }
                }
            }
        }
        return new TableCounters(packets, bytes, resets);
    }

    /** Reads the counters of {@code table} in {@code family}; {@link #NONE} when there is no such table. */
    public static TableCounters read(Nftables nft, int family, String table) {
        try {
            return of(nft.ruleList(family, table));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOENT) {
                return NONE;
            }
            throw e;
        }
    }

    /** This plus {@code other}. */
    public TableCounters plus(TableCounters other) {
        return new TableCounters(packets + other.packets, bytes + other.bytes, resetPackets + other.resetPackets);
    }
}
