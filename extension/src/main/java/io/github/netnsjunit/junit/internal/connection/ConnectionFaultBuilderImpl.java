package io.github.netnsjunit.junit.internal.connection;

import io.github.netnsjunit.junit.AppliedConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault.Direction;
import io.github.netnsjunit.junit.ConnectionFault.Kind;
import io.github.netnsjunit.junit.ConnectionFaultBuilder;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Internal: {@link ConnectionFaultBuilder} of one namespace; {@link #apply()} checks the values with
 * {@link ConnectionFaultSpec#problems} and hands the spec to the topology's faults.
 */
public final class ConnectionFaultBuilderImpl implements ConnectionFaultBuilder {
    private final String namespace;
    private final String peer;
    private final int port;
    private final TopologyModel model;
    private final Function<ConnectionFaultSpec, AppliedConnectionFault> faults;
    private Kind kind;
    private long amount;
    private Direction direction = Direction.BOTH;
    private long closeAfterMillis;
    private long sliceDelayMillis;

    /**
     * @param namespace the namespace whose connections are faulted
     * @param peer      the other end's address, as given
     * @param port      the server's port
     * @param model     the topology (namespaces, addresses) the values are checked against
     * @param faults    puts a checked spec in force
     */
    public ConnectionFaultBuilderImpl(String namespace, String peer, int port, TopologyModel model,
            Function<ConnectionFaultSpec, AppliedConnectionFault> faults) {
        this.namespace = namespace;
        this.peer = Objects.requireNonNull(peer, "address");
        this.port = port;
        this.model = model;
        this.faults = faults;
        // the peer and port are checked now, the rest at apply(): the call that went wrong is the one that throws
        var p = ConnectionFaultSpec.problems(model, namespace, peer, port, Kind.RESET, 0, Direction.BOTH, 0);
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(call() + ": " + String.join(" ", p));
        }
    }

    private String call() {
        return "NetNs(" + namespace + ").connections(\"" + peer + "\", " + port + ")";
    }

    @Override
    public ConnectionFaultBuilder direction(Direction direction) {
        this.direction = Objects.requireNonNull(direction, "direction");
        return this;
    }

    @Override
    public ConnectionFaultBuilder reset() {
        return choose(Kind.RESET, 0);
    }

    @Override
    public ConnectionFaultBuilder resetAfterBytes(long bytes) {
        return choose(Kind.RESET_AFTER_BYTES, bytes);
    }

    @Override
    public ConnectionFaultBuilder resetAfter(Duration delay) {
        return choose(Kind.RESET_AFTER_MILLIS, millis(delay, "delay"));
    }

    @Override
    public ConnectionFaultBuilder hangAfterBytes(long bytes) {
        return choose(Kind.HANG_AFTER_BYTES, bytes);
    }

    @Override
    public ConnectionFaultBuilder hangAfterBytes(long bytes, Duration closeAfter) {
        long ms = millis(closeAfter, "closeAfter");
        if (ms == 0) {
            throw new IllegalArgumentException(call() + ".hangAfterBytes(" + bytes + ", " + closeAfter + "): a close "
                    + "after less than a millisecond; give at least 1 ms, or use hangAfterBytes(" + bytes + ") for a "
                    + "hang that never closes.");
        }
        choose(Kind.HANG_AFTER_BYTES, bytes);
        closeAfterMillis = ms;
        return this;
    }

    /** Whole milliseconds of {@code d} (checked against the limits at apply()). */
    private long millis(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(call() + ": " + what + " " + d + " is negative; give a duration of 1 ms"
                    + " to 1 h.");
        }
        return d.compareTo(Duration.ofMillis(ConnectionFaultSpec.MAX_MILLIS)) > 0 ? ConnectionFaultSpec.MAX_MILLIS + 1
                : d.toMillis();
    }

    @Override
    public ConnectionFaultBuilder failFirst(int attempts) {
        return choose(Kind.FAIL_FIRST, attempts);
    }

    @Override
    public ConnectionFaultBuilder slice(int segmentBytes) {
        return choose(Kind.SLICE, segmentBytes);
    }

    @Override
    public ConnectionFaultBuilder slice(int segmentBytes, Duration between) {
        long ms = millis(between, "between");
        if (ms == 0) {
            throw new IllegalArgumentException(call() + ".slice(" + segmentBytes + ", " + between + "): a gap of less "
                    + "than a millisecond; give at least 1 ms, or use slice(" + segmentBytes + ") for no gap.");
        }
        choose(Kind.SLICE, segmentBytes);
        sliceDelayMillis = ms;
        return this;
    }

    @Override
    public ConnectionFaultBuilder dropDatagramsAfter(long datagrams) {
        return choose(Kind.DROP_DATAGRAMS_AFTER, datagrams);
    }

    @Override
    public ConnectionFaultBuilder delayHandshake(Duration delay) {
        return choose(Kind.DELAY_HANDSHAKE, millis(delay, "delay"));
    }

    @Override
    public ConnectionFaultBuilder delayFirstByte(Duration delay) {
        return choose(Kind.DELAY_FIRST_BYTE, millis(delay, "delay"));
    }

    @Override
    public ConnectionFaultBuilder delayDatagramsAfter(long datagrams, Duration delay) {
        long ms = millis(delay, "delay");
        choose(Kind.DELAY_DATAGRAMS_AFTER, datagrams);
        sliceDelayMillis = ms;
        return this;
    }

    @Override
    public ConnectionFaultBuilder slowClose(Duration delay) {
        return choose(Kind.SLOW_CLOSE, millis(delay, "delay"));
    }

    private ConnectionFaultBuilder choose(Kind k, long n) {
        if (kind != null) {
            throw new IllegalStateException(call() + " already has a fault (" + kind + "); one builder makes one fault."
                    + " Call connections(...) again for a second one.");
        }
        kind = k;
        amount = n;
        return this;
    }

    @Override
    public AppliedConnectionFault apply() {
        if (kind == null) {
            throw new IllegalStateException(call() + ".apply() without a fault; choose one first, e.g. "
                    + call() + ".resetAfterBytes(4000).apply().");
        }
        ConnectionFaultSpec spec = ConnectionFaultSpec.of(call() + " " + kind, model, namespace, peer, port, kind,
                amount, direction, closeAfterMillis, sliceDelayMillis);
        return faults.apply(spec);
    }
}
