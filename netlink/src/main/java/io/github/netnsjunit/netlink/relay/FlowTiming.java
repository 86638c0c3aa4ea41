package io.github.netnsjunit.netlink.relay;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A per-flow timing fault for a {@link FrameRelay}: which TCP frames (UDP datagrams for
 * {@link Kind#DELAY_DATAGRAMS_AFTER}) of which flows the relay holds back, and for how
 * long; or, for {@link Kind#CLOSE_AFTER_BYTES}, which connections it ends after a number of bytes. A flow is selected when one of its addresses is {@code peer} and one of its ports is {@code port} (so both
 * the connections to a server {@code peer:port} and those from {@code peer} to a server on {@code port} match).
 *
 * <p>Held frames wait in the relay's queue and leave in arrival order; a frame of a flow that arrives while an earlier
 * one of that flow is still held waits behind it, so the receiver sees the stream in order. Held frames take none of
 * the link's other conditions (they are delayed, not lost, duplicated or corrupted).
 *
 * @param kind       what is held
 * @param peer       the flow's address at the other end
 * @param port       one of the flow's ports (the server's)
 * @param traffic    for data: which direction's data, seen from the side that is not {@code peer}
 * @param delayNanos how long (for {@link Kind#SPACE_DATA}: the gap between data segments), more than 0; 0 for
 *                   {@link Kind#CLOSE_AFTER_BYTES}
 * @param count      for {@link Kind#DELAY_DATAGRAMS_AFTER}: the datagrams of a flow that pass first; for
 *                   {@link Kind#CLOSE_AFTER_BYTES}: the bytes before the close; 0 otherwise
 */
public record FlowTiming(Kind kind, InetAddress peer, int port, Traffic traffic, long delayNanos, long count) {
    /** What the relay holds. */
    public enum Kind {
        /** Each connection request (a segment with SYN and without ACK) for {@code delayNanos}. */
        HOLD_SYN,
        /**
         * The first segment carrying data of each flow in the direction, for {@code delayNanos}; every later frame of
         * that flow and direction arriving meanwhile waits behind it.
         */
        HOLD_FIRST_DATA,
        /**
         * Data segments (and a FIN) of a flow in the direction leave at least {@code delayNanos} apart; frames
         * without data wait behind the data before them. One frame is one segment only when the sender does not
         * batch segments (GSO): a super-frame leaves as one.
         */
        SPACE_DATA,
        /**
         * The first FIN of each flow in the direction, for {@code delayNanos}; every later frame of that flow and
         * direction arriving meanwhile waits behind it (a slow close: the receiver reads end-of-stream that late).
         */
        HOLD_FIN,
        /**
         * UDP: the datagrams of a flow in the direction after its first {@code count} are each held for
         * {@code delayNanos} (in order: a datagram never leaves before an earlier one of its flow).
         */
        DELAY_DATAGRAMS_AFTER,
        /**
         * TCP: each connection whose handshake the relay saw ends after {@code count} bytes of data in the direction:
         * the receiver gets exactly those bytes, the last with FIN, and the sender a RST; nothing more of the
         * connection passes (see {@code FlowCuts}). {@code delayNanos} is 0.
         */
        CLOSE_AFTER_BYTES
    }

    /** Which data of a flow a timing concerns. */
    public enum Traffic {
        /** Both directions. */
        BOTH,
        /** Frames whose destination is {@code peer}. */
        TO_PEER,
        /** Frames whose source is {@code peer}. */
        FROM_PEER
    }

    /** Checks the values. */
    public FlowTiming {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(traffic, "traffic");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        if (kind == Kind.CLOSE_AFTER_BYTES) {
            if (delayNanos != 0 || count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("CLOSE_AFTER_BYTES takes a count of 0 to 2^31-1 bytes (was " + count
                        + ") and no delay (was " + delayNanos + " ns)");
            }
        } else if (delayNanos <= 0) {
            throw new IllegalArgumentException("delay " + delayNanos + " ns is not positive");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count " + count + " is negative");
        }
    }
}
