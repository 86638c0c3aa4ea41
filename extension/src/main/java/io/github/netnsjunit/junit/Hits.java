package io.github.netnsjunit.junit;

/**
 * What a fault hit so far: the packets (and their bytes) it dropped, refused or shaped, and for a reject the
 * connection attempts it refused. Read from the kernel's own counters (an nft {@code counter} in each rule of the
 * fault, as {@code nft list table} prints it); for conditions carried by the userspace relay, from the relay's
 * count of the frames it received from that end; for conditions of the kernel engine, from the counters of their
 * qdisc (or htb class), as {@code tc -s qdisc show} prints them: packets sent, dropped or still queued.
 *
 * <p>Bytes are what the counter sees: for nft rules the network-layer length (an 84-byte IPv4 ping is 84 bytes, the
 * Ethernet header not included); for conditions (either engine) the whole Ethernet frame, as {@code tcpdump} on the
 * link reports its length (a qdisc keeps no byte count of what it dropped, so those are missing from its bytes).
 *
 * @param packets     packets the fault matched (dropped, refused, or shaped)
 * @param bytes       their bytes (see above)
 * @param connections connection attempts refused with a TCP reset (rejects only; 0 for faults that drop or shape)
 */
public record Hits(long packets, long bytes, long connections) {
    /** Nothing hit. */
    public static final Hits NONE = new Hits(0, 0, 0);

    /** True when the fault hit nothing at all. */
    public boolean isNone() {
        return packets == 0 && connections == 0;
    }

    /** This plus {@code other}. */
    public Hits plus(Hits other) {
        return new Hits(packets + other.packets, bytes + other.bytes, connections + other.connections);
    }

    /** e.g. {@code 3 packets, 252 bytes}, {@code 2 connections (2 packets, 120 bytes)} or {@code nothing}. */
    @Override
    public String toString() {
        if (isNone()) {
            return "nothing";
        }
        String counted = packets + (packets == 1 ? " packet, " : " packets, ") + bytes
                + (bytes == 1 ? " byte" : " bytes");
        return connections == 0 ? counted
                : connections + (connections == 1 ? " connection (" : " connections (") + counted + ")";
    }
}
