package io.github.netnsjunit.junit;

import java.time.Duration;

/**
 * A connection fault being set up mid-test, from {@link NetNs#connections(String, int)}: pick one fault, optionally a
 * direction, then {@link #apply()}:
 * <pre>{@code
 * try (AppliedConnectionFault f = client.connections("10.0.0.2", 8080).resetAfterBytes(4000).apply()) {
 *     // a download from 10.0.0.2:8080 fails with "Connection reset" after about 4000 bytes
 * }
 * }</pre>
 * Each fault is the same as the {@link ConnectionFault.Kind} of that name. A bad address or port is refused by
 * {@code connections(...)}, bad values by {@link #apply()}, each with an {@link IllegalArgumentException} saying what
 * to write instead, before anything is put in force.
 */
public interface ConnectionFaultBuilder {
    /** Which traffic a count or segment size concerns (default {@link ConnectionFault.Direction#BOTH}). */
    ConnectionFaultBuilder direction(ConnectionFault.Direction direction);

    /** {@link ConnectionFault.Kind#RESET}: resets the connections at their next segment, refuses new ones. */
    ConnectionFaultBuilder reset();

    /** {@link ConnectionFault.Kind#RESET_AFTER_BYTES}: resets a connection once it carried more than {@code bytes}. */
    ConnectionFaultBuilder resetAfterBytes(long bytes);

    /** {@link ConnectionFault.Kind#RESET_AFTER_MILLIS}: {@link #reset()} from {@code delay} after {@link #apply()} on. */
    ConnectionFaultBuilder resetAfter(Duration delay);

    /** {@link ConnectionFault.Kind#HANG_AFTER_BYTES}: silence, both ways, once it carried more than {@code bytes}. */
    ConnectionFaultBuilder hangAfterBytes(long bytes);

    /**
     * {@link #hangAfterBytes(long)}, and from {@code closeAfter} after {@link #apply()} on the hung connections are
     * reset at their next segment (Toxiproxy's {@code timeout} with a timeout).
     */
    ConnectionFaultBuilder hangAfterBytes(long bytes, Duration closeAfter);

    /** {@link ConnectionFault.Kind#FAIL_FIRST}: refuses the next {@code attempts} connects, lets later ones through. */
    ConnectionFaultBuilder failFirst(int attempts);

    /** {@link ConnectionFault.Kind#SLICE}: segments of at most {@code segmentBytes} bytes on new connections. */
    ConnectionFaultBuilder slice(int segmentBytes);

    /** {@link ConnectionFault.Kind#DROP_DATAGRAMS_AFTER}: UDP, drops the datagrams of a flow after the first N. */
    ConnectionFaultBuilder dropDatagramsAfter(long datagrams);

    /**
     * Puts the fault in force; it lasts until {@link AppliedConnectionFault#close()} or the end of the topology.
     *
     * @throws IllegalStateException when no fault was chosen
     */
    AppliedConnectionFault apply();

    /**
     * Holds each connection request (SYN) of the selected connections back {@code delay} (1 ms to 1 h) in the
     * userspace relay carrying the link towards the peer; see {@link ConnectionFault.Kind#DELAY_HANDSHAKE}.
     */
    ConnectionFaultBuilder delayHandshake(Duration delay);

    /**
     * Holds the first data segment of each selected connection in the {@link #direction direction} back {@code delay}
     * (1 ms to 1 h) in the userspace relay, the rest of that direction waiting behind it; see
     * {@link ConnectionFault.Kind#DELAY_FIRST_BYTE}.
     */
    ConnectionFaultBuilder delayFirstByte(Duration delay);

    /**
     * {@link #slice(int)}, and the userspace relay carrying the link towards the peer lets data segments of the
     * selected connections (in the {@link #direction direction}) leave at least {@code between} apart (1 ms to 1 h),
     * cutting the sender's batched super-frames into their segments first; see {@link ConnectionFault#delayMillis()}.
     */
    ConnectionFaultBuilder slice(int segmentBytes, Duration between);

    /**
     * Holds the close (the first FIN) of each selected connection in the {@link #direction direction} back
     * {@code delay} (1 ms to 1 h) in the userspace relay; see {@link ConnectionFault.Kind#SLOW_CLOSE}.
     */
    ConnectionFaultBuilder slowClose(Duration delay);

    /**
     * UDP: the datagrams of a flow after its first {@code datagrams} in the {@link #direction direction} are each held
     * back {@code delay} (1 ms to 1 h) in the userspace relay; see {@link ConnectionFault.Kind#DELAY_DATAGRAMS_AFTER}.
     */
    ConnectionFaultBuilder delayDatagramsAfter(long datagrams, Duration delay);
}
