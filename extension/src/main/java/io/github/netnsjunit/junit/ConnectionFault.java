package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connection fault in force for the whole test (declared on the test method or class), the declared form of
 * {@link NetNs#connections(String, int)}:
 * <pre>{@code
 * @ConnectionFault(namespace = "client", peer = "10.0.0.2", port = 8080,
 *         kind = ConnectionFault.Kind.RESET_AFTER_BYTES, amount = 4000)
 * }</pre>
 * It selects the connections between {@code namespace} and the address {@code peer} whose server port is
 * {@code port}, whichever side {@code namespace} is on, and acts on them with nftables rules in
 * {@code namespace} (see {@link Kind} for each fault). Checked with the rest of the declarations, before anything
 * is built: every bad declaration is named in one {@link TopologyDeclarationException}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(ConnectionFaults.class)
@ExtendWith(NetnsExtension.class)
public @interface ConnectionFault {

    /** What happens to the selected connections; {@link #amount()} is the number each kind takes. */
    enum Kind {
        /**
         * Every selected TCP connection is reset at its next segment sent from {@code namespace}, established ones
         * included (Java: "Connection reset"), at both ends at once: the segment is refused with a reset to this side,
         * and a copy of it goes to the peer as a reset. New ones are refused in both directions ("Connection
         * refused"). {@code amount}: 0.
         */
        RESET,
        /**
         * A TCP connection is reset once it carried more than {@code amount} bytes in the chosen {@link #direction()}
         * (as conntrack counts them: whole IP packets, headers included, so somewhat fewer bytes of data): the side in
         * {@code namespace} gets ECONNRESET at its next segment, e.g. the acknowledgement of what it just read, and
         * the peer at the same moment (a copy of that segment reaches it as a reset), even when it has nothing to
         * send.
         */
        RESET_AFTER_BYTES,
        /**
         * {@link #RESET} from {@code amount} milliseconds after the fault is put in force (1 to 3,600,000): until then
         * everything passes; then each selected connection is reset at its next segment, and new ones are refused. The
         * kernel compares each packet's time ({@code meta time}); no timer runs.
         */
        RESET_AFTER_MILLIS,
        /**
         * Every packet of a TCP connection is dropped, both ways, once it carried more than {@code amount} bytes in
         * the chosen direction: both sides see silence and wait for their own timeouts. With
         * {@link ConnectionFault#closeAfterMillis()}, from that long after the fault is put in force the hung
         * connections are reset at their next segment either way: this side's is refused with a reset, and the peer's
         * retransmission is let in so that this side answers it and is reset (its content may be read first).
         */
        HANG_AFTER_BYTES,
        /**
         * The first {@code amount} connection attempts are refused with a reset, later ones succeed (a client that
         * retries). Attempts are counted from when the fault is put in force.
         */
        FAIL_FIRST,
        /**
         * New TCP connections carry segments of at most {@code amount} bytes of data in the chosen direction, by
         * rewriting the maximum segment size announced in their handshake (48 to 65535; established connections
         * keep theirs).
         */
        SLICE,
        /**
         * UDP: the datagrams of a flow after its first {@code amount} in the chosen direction are dropped where they
         * arrive (silently: the sender's {@code send} succeeds). {@link Direction#TO_PEER} and {@link Direction#BOTH}
         * need the peer to be an address of the topology, whose namespace then drops them.
         */
        DROP_DATAGRAMS_AFTER,
        /**
         * Each connection request (the SYN) of a selected TCP connection, either way, is held back {@code amount}
         * milliseconds (1 to 3,600,000) before it reaches the other side: {@code connect} takes that much longer
         * (a request held longer than the client's retransmission timeout, 1 s, is retransmitted and the copy
         * held too). Made by the userspace relay: the link towards the peer must be relayed (declare
         * {@code @LinkConditions} on it, no values needed, with the engine {@code auto} or {@code userspace}).
         */
        DELAY_HANDSHAKE,
        /**
         * The first segment carrying data of each selected TCP connection in the chosen {@link #direction()} (each
         * direction's own first with BOTH) is held back {@code amount} milliseconds (1 to 3,600,000); what follows it
         * on that connection and direction waits behind it, so the data arrives in order. Made by the userspace relay,
         * as {@link #DELAY_HANDSHAKE}.
         */
        DELAY_FIRST_BYTE,
        /**
         * The close of each selected TCP connection in the chosen {@link #direction()} (its first FIN; each
         * direction's own with BOTH) is held back {@code amount} milliseconds (1 to 3,600,000), what follows it waiting
         * behind it: the receiver reads end-of-stream that much later (Toxiproxy's {@code slow_close}). Made by the
         * userspace relay, as {@link #DELAY_HANDSHAKE}.
         */
        SLOW_CLOSE,
        /**
         * UDP: the datagrams of a flow after its first {@code amount} (0 or more) in the chosen {@link #direction()}
         * are each held back {@link ConnectionFault#delayMillis()} milliseconds (1 to 3,600,000), in order. Made by
         * the userspace relay, as {@link #DELAY_HANDSHAKE}.
         */
        DELAY_DATAGRAMS_AFTER,
        /**
         * A TCP connection ends cleanly for its reader after exactly {@code amount} bytes (0 to 2^31-1; 0: a close before any data) of data in the
         * chosen {@link #direction()} (each direction counted on its own with BOTH; the first to reach the count ends
         * the connection): the receiver gets those bytes, then end-of-stream (a FIN, its read returns -1); the sender
         * gets a reset (its next write or read fails), and nothing more of the connection passes either way
         * (Toxiproxy's {@code limit_data}). Bytes count from the connection's first (sequence numbers from its SYN):
         * connections opened before the fault are left alone. Made by the userspace relay, as
         * {@link #DELAY_HANDSHAKE}.
         */
        CLOSE_AFTER_BYTES
    }

    /** Which traffic of a connection a count or a segment size concerns, seen from {@code namespace}. */
    enum Direction {
        /** Both directions (counts added up). */
        BOTH,
        /** What {@code namespace} sends to the peer. */
        TO_PEER,
        /** What {@code namespace} receives from the peer. */
        FROM_PEER
    }

    /** The namespace whose connections are faulted (and where the rules go). */
    String namespace();

    /** The other end's IP address, e.g. {@code "10.0.0.2"}. */
    String peer();

    /** The server's port of the selected connections (1..65535): the peer's when it is the server, else ours. */
    int port();

    /** The fault. */
    Kind kind();

    /** Bytes, attempts, segment size or datagrams, as {@link #kind()} says; 0 for {@link Kind#RESET}. */
    long amount() default 0;

    /**
     * The direction counted or sliced; {@link Kind#RESET}, {@link Kind#RESET_AFTER_MILLIS} and {@link Kind#FAIL_FIRST}
     * take only BOTH.
     */
    Direction direction() default Direction.BOTH;

    /** {@link Kind#HANG_AFTER_BYTES} only: reset the hung connections from this many ms on (0, the default: never). */
    long closeAfterMillis() default 0;

    /**
     * {@link Kind#DELAY_DATAGRAMS_AFTER}: how long each later datagram is held (required). {@link Kind#SLICE}: the gap
     * in milliseconds (0 to 3,600,000; 0, the default: none) the userspace relay keeps
     * between two data segments of a connection in the chosen direction, cutting the sender's batched (GSO)
     * super-frames into their segments first. The link towards the peer must be relayed (declare
     * {@code @LinkConditions} on it, no values needed, with the engine {@code auto} or {@code userspace}).
     */
    long delayMillis() default 0;
}
