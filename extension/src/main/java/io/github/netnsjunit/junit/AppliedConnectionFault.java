package io.github.netnsjunit.junit;

/**
 * A connection fault in force, from {@link ConnectionFaultBuilder#apply()} or {@link ConnectionFault}: nftables
 * rules in a table of ours per namespace involved; {@link #close()} removes them (connections already reset or hung
 * stay so), and teardown removes what is still in force. {@link #hits()} is what its rules' counters counted: the
 * packets it reset, dropped or whose segment size it rewrote ({@code connections}: the packets it answered with a
 * reset), so {@code assertThat(fault).wasHit()} and {@link FaultsMustHit @FaultsMustHit} work on it as on a
 * partition.
 */
public interface AppliedConnectionFault extends CountedFault, AutoCloseable {
    /** Removes the rules; calling it again does nothing. */
    @Override
    void close();

    /** True until {@link #close()}. */
    boolean isActive();

    /**
     * The packets the fault acted on so far: reset, dropped, or whose segment size it rewrote, as the kernel's
     * counters on its rules say ({@code hits().packets()}); after {@link #close()}, what it acted on until then. A
     * fault that did nothing reads 0.
     */
    default long packetsActedOn() {
        return hits().packets();
    }

    /** e.g. {@code client: connections with 10.0.0.2 port 8080: reset after 4000 bytes (both directions)}. */
    @Override
    String toString();
}
