package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code counter}: counts packets and bytes that reach it. A new counter starts at zero (no attributes are
 * sent); counters read back from the kernel carry the current values.
 */
public record Counter(long packets, long bytes) implements Expression {

    /** A fresh counter. */
    public static Counter create() {
        return new Counter(0, 0);
    }

    static Counter decode(Attributes a) {
        return new Counter(a.u64be(Nft.NFTA_COUNTER_PACKETS, 0), a.u64be(Nft.NFTA_COUNTER_BYTES, 0));
    }

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public void writeData(MessageWriter w) {
        // nothing: the kernel initialises missing values to zero
    }

    @Override
    public String toString() {
        return "counter pkts " + packets + " bytes " + bytes;
    }
}
