package io.github.netnsjunit.netlink.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FlowTiming} in force on a {@link FrameRelay} (both directions), from {@link FrameRelay#hold(FlowTiming)}:
 * what it held so far, and {@link #close()} to end it (frames already held still leave when due).
 */
public final class HeldFlows implements AutoCloseable {
    private final FlowTiming timing;
    private final Runnable remove;
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    private boolean closed;

    HeldFlows(FlowTiming timing, Runnable remove) {
        this.timing = timing;
        this.remove = remove;
    }

    /** The timing in force. */
    public FlowTiming timing() {
        return timing;
    }

    /** Frames held back so far (a GSO super-frame counts once). */
    public long frames() {
        return frames.get();
    }

    /** Bytes of the frames held back, Ethernet header included (what a capture reports as their length). */
    public long bytes() {
        return bytes.get();
    }

    /** Stops holding frames that arrive from now on; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            remove.run();
        }
    }
}
