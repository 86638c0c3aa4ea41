package io.github.netnsjunit.junit;

/**
 * A connection fault in force, from {@link ConnectionFaultBuilder#apply()} or {@link ConnectionFault}: nftables
 * rules in a table of ours per namespace involved; {@link #close()} removes them (connections already reset or hung
 * stay so), and teardown removes what is still in force.
 */
public interface AppliedConnectionFault extends AutoCloseable {
    /** Removes the rules; calling it again does nothing. */
    @Override
    void close();

    /** True until {@link #close()}. */
    boolean isActive();

    /**
     * The packets the fault acted on so far: reset, dropped, or whose segment size it rewrote, as the kernel's
     * counters on its rules say; 0 once closed. A fault that did nothing reads 0.
     */
    long packetsActedOn();

    /** e.g. {@code client: connections with 10.0.0.2 port 8080: reset after 4000 bytes (both directions)}. */
    @Override
    String toString();
}
