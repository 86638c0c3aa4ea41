package io.github.netnsjunit.netlink.relay;

import io.github.netnsjunit.netlink.ns.JvmNamespace;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.tc.Netem;
import io.github.netnsjunit.netlink.tc.TrafficMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Network conditions without {@code sch_netem}: a relay between two interfaces of a middle namespace that carries
 * every frame (ARP, IPv6 neighbour discovery and multicast included) from one to the other and applies the same
 * {@link Netem} model as the kernel would, one thread per direction.
 *
 * <p>A link {@code veth0 (ns0) — veth1 (ns1)} becomes {@code veth0 — a (middle)} and {@code b (middle) — veth1}, and
 * the relay joins {@code a} and {@code b}: frames leaving {@code veth0} arrive on {@code a} and are sent out of
 * {@code b} under the "forward" conditions, and the other way under the "backward" ones. The sockets belong to the
 * middle namespace, so the threads need no namespace of their own: they are started from the JVM's namespace
 * (named {@code netns-relay-<name>-fwd/-back}) and never enter a test namespace. {@link #close()} stops and joins
 * them and closes the sockets; if the JVM dies, the kernel frees it all with the namespace.
 */
public final class FrameRelay implements AutoCloseable {
    /** What the relay did in one direction since it started. */
    public record Stats(long received, long sent, long dropped, long duplicated, long corrupted) {
    }

    /**
     * The most bytes of frames one direction holds back (delayed, or waiting for their turn at the rate): 32 MiB, so a
     * relayed link holds at most 64 MiB of the heap, whatever the delay and however fast the sender. Frames beyond it,
     * or beyond the conditions' {@link Netem#limit() limit} in frames, are dropped as netem's tail drop does, and
     * counted in {@link Stats#dropped()}. 32 MiB holds a second of traffic at 268 Mbit/s.
     */
    public static final long DEFAULT_QUEUE_BYTES = 32L << 20;

    private final String name;
    private final PacketPort a;
    private final PacketPort b;
    private final RelayDirection forward;
    private final RelayDirection backward;
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;

    private FrameRelay(String name, PacketPort a, PacketPort b, Netem forward, Netem backward) {
        this.name = name;
        this.a = a;
        this.b = b;
        // one cut gate for both directions: a connection cut (FlowCuts) takes effect for both at once
        Object cutGate = new Object();
        this.forward = new RelayDirection(a, b, forward, 0x5eedL, DEFAULT_QUEUE_BYTES, cutGate);
        this.backward = new RelayDirection(b, a, backward, 0xbacL, DEFAULT_QUEUE_BYTES, cutGate);
    }

    /**
     * Opens packet sockets on {@code aName} and {@code bName} in {@code middle} and starts relaying.
     *
     * @param name     names the threads, e.g. the link the relay stands for
     * @param forward  conditions for frames from {@code a} to {@code b}
     * @param backward conditions for frames from {@code b} to {@code a}
     */
    public static FrameRelay start(String name, NamespaceHandle middle, String aName, String bName, Netem forward,
            Netem backward) {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(backward, "backward");
        PacketPort a = PacketPort.open(middle, aName);
        PacketPort b;
        try {
            b = PacketPort.open(middle, bName);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        FrameRelay relay = new FrameRelay(name, a, b, forward, backward);
        try {
            relay.startThreads();
        } catch (RuntimeException | Error e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    private void startThreads() {
        Thread f = new Thread(forward, "netns-relay-" + name + "-fwd");
        Thread r = new Thread(backward, "netns-relay-" + name + "-back");
        f.setDaemon(true);
        r.setDaemon(true);
        f.setPriority(Thread.MAX_PRIORITY);
        r.setPriority(Thread.MAX_PRIORITY);
        try {
            // a thread starts in its creator's namespace: create both from the JVM's own, whoever calls us
            JvmNamespace.call(() -> {
                f.start();
                threads.add(f);
                r.start();
                threads.add(r);
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot start the relay threads of " + name, t);
        }
    }

    /** The relay's name. */
    public String name() {
        return name;
    }

    /**
     * Opens and starts as {@link #start(String, NamespaceHandle, String, String, Netem, Netem)}, the conditions of
     * each direction applying only to the frames its match selects (the rest pass unconditioned).
     */
    public static FrameRelay start(String name, NamespaceHandle middle, String aName, String bName, Netem forward,
            TrafficMatch forwardMatch, Netem backward, TrafficMatch backwardMatch) {
        Objects.requireNonNull(forwardMatch, "forwardMatch");
        Objects.requireNonNull(backwardMatch, "backwardMatch");
        PacketPort a = PacketPort.open(middle, aName);
        PacketPort b;
        try {
            b = PacketPort.open(middle, bName);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        FrameRelay relay = new FrameRelay(name, a, b, forward, backward);
        relay.forward.update(forward, forwardMatch);
        relay.backward.update(backward, backwardMatch);
        try {
            relay.startThreads();
        } catch (RuntimeException | Error e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    /** Replaces the conditions of both directions and which frames they apply to, for frames arriving from now on. */
    public void update(Netem forwardConditions, TrafficMatch forwardMatch, Netem backwardConditions,
            TrafficMatch backwardMatch) {
        forward.update(Objects.requireNonNull(forwardConditions, "forward"), Objects.requireNonNull(forwardMatch));
        backward.update(Objects.requireNonNull(backwardConditions, "backward"), Objects.requireNonNull(backwardMatch));
    }

    /** Replaces the conditions of both directions, for every frame arriving from now on. */
    public void update(Netem forwardConditions, Netem backwardConditions) {
        update(forwardConditions, TrafficMatch.ALL, backwardConditions, TrafficMatch.ALL);
    }

    /**
     * Holds the frames of the flows {@code timing} selects, in both directions, from now on, until the returned handle
     * is closed (or the relay is).
     */
    public HeldFlows hold(FlowTiming timing) {
        Objects.requireNonNull(timing, "timing");
        HeldFlows[] self = new HeldFlows[1];
        HeldFlows h = new HeldFlows(timing, () -> {
            forward.release(self[0]);
            backward.release(self[0]);
        });
        self[0] = h;
        forward.hold(h);
        backward.hold(h);
        return h;
    }

    /** Counters of the a-to-b direction. */
    public Stats forwardStats() {
        return stats(forward);
    }

    /** Counters of the b-to-a direction. */
    public Stats backwardStats() {
        return stats(backward);
    }

    /**
     * Bytes of the frames received in the a-to-b direction ({@code forward}) or the other: whole Ethernet frames, as a
     * capture on the link reports their length (a GSO super-frame counts once, with all its payload).
     */
    public long receivedBytes(boolean forward) {
        return (forward ? this.forward : backward).receivedBytes.get();
    }

    /**
     * Frames received in one direction that its match selected (all of them without a match): what a filtered
     * condition applied to, for counting what it hit.
     */
    public long selectedFrames(boolean forward) {
        return (forward ? this.forward : backward).selected.get();
    }

    /** Bytes of the {@link #selectedFrames} frames, counted as {@link #receivedBytes}. */
    public long selectedBytes(boolean forward) {
        return (forward ? this.forward : backward).selectedBytes.get();
    }

    private static Stats stats(RelayDirection d) {
        return new Stats(d.received.get(), d.sent.get(), d.dropped.get(), d.duplicated.get(), d.corrupted.get());
    }

    /** The relay's threads while it runs (for leak checks). */
    public synchronized List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** Stops both threads, waits for them, closes the sockets. Frames still waiting are discarded. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        forward.stop();
        backward.stop();
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join(2000);
                    if (t.isAlive()) {
                        t.interrupt();
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        a.close();
        b.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
