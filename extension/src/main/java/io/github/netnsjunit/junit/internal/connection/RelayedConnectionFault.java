package io.github.netnsjunit.junit.internal.connection;

import io.github.netnsjunit.junit.AppliedConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault.Kind;
import io.github.netnsjunit.junit.Hits;
import io.github.netnsjunit.netlink.relay.FlowTiming;
import io.github.netnsjunit.netlink.relay.FrameRelay;
import io.github.netnsjunit.netlink.relay.HeldFlows;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: a connection fault made by timing in the userspace relay ({@link ConnectionFaultSpec#byRelay}): a
 * {@link FlowTiming} on every relay carrying a link of the fault's namespace (the flows of one connection cross one
 * of them; the timing selects them by peer and port). {@link #hits()} counts the frames held back. The topology's
 * faults track it (with a slice's nftables clamp) as they track the others.
 */
public final class RelayedConnectionFault implements AppliedConnectionFault {
    private final String description;
    private final List<HeldFlows> held;
    private Hits healedHits = Hits.NONE;
    private boolean active = true;

    private RelayedConnectionFault(String description, List<HeldFlows> held) {
        this.description = description;
        this.held = held;
    }

    /**
     * Puts {@code spec} in force on {@code relays}.
     *
     * @param relays the relays carrying links of the fault's namespace
     * @param links  those links in words, for the message when there is none
     * @param call   the call or declaration, for messages
     * @throws IllegalStateException naming what to declare when no link of the namespace is relayed (before anything
     *                               is put in force)
     */
    public static RelayedConnectionFault apply(ConnectionFaultSpec spec, List<FrameRelay> relays, String call) {
        if (relays.isEmpty()) {
            throw new IllegalStateException(call + ": " + spec.kind() + " is made by the userspace relay, which holds "
                    + "frames per connection, and no link of namespace \"" + spec.namespace() + "\" is carried by it. "
                    + "Fix: declare @LinkConditions(namespace = \"" + spec.namespace() + "\", link = \"<its link "
                    + "towards the peer>\") (no values needed), so that the link is built through the relay (this "
                    + "kernel has no sch_netem: the engine auto does so; with netns.junit.conditions.engine=kernel no "
                    + "link is relayed, use auto or userspace).");
        }
        FlowTiming.Kind kind = switch (spec.kind()) {
            case DELAY_HANDSHAKE -> FlowTiming.Kind.HOLD_SYN;
            case DELAY_FIRST_BYTE -> FlowTiming.Kind.HOLD_FIRST_DATA;
            case SLICE -> FlowTiming.Kind.SPACE_DATA;
            case SLOW_CLOSE -> FlowTiming.Kind.HOLD_FIN;
            case DELAY_DATAGRAMS_AFTER -> FlowTiming.Kind.DELAY_DATAGRAMS_AFTER;
            default -> throw new IllegalArgumentException(spec.kind() + " is not made by the relay");
        };
        boolean counted = spec.kind() == Kind.DELAY_DATAGRAMS_AFTER;
        long millis = spec.kind() == Kind.SLICE || counted ? spec.sliceDelayMillis() : spec.amount();
        FlowTiming timing = new FlowTiming(kind, spec.peer(), spec.port(), switch (spec.direction()) {
                    case BOTH -> FlowTiming.Traffic.BOTH;
                    case TO_PEER -> FlowTiming.Traffic.TO_PEER;
                    case FROM_PEER -> FlowTiming.Traffic.FROM_PEER;
                }, millis * 1_000_000L, counted ? spec.amount() : 0);
        List<HeldFlows> held = new ArrayList<>();
        for (FrameRelay r : relays) {
            held.add(r.hold(timing));
        }
        return new RelayedConnectionFault(spec.describe(), held);
    }

    @Override
    public synchronized void close() {
        if (!active) {
            return;
        }
        healedHits = count();
        active = false;
        held.forEach(HeldFlows::close);
    }

    @Override
    public synchronized boolean isActive() {
        return active;
    }

    /** Frames (packets) and their bytes held back so far, as the relay counted them. */
    @Override
    public synchronized Hits hits() {
        return active ? count() : healedHits;
    }

    private Hits count() {
        long frames = 0;
        long bytes = 0;
        for (HeldFlows h : held) {
            frames += h.frames();
            bytes += h.bytes();
        }
        return new Hits(frames, bytes, 0);
    }

    @Override
    public String toString() {
        return description;
    }
}
