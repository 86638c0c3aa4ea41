package io.github.netnsjunit.netlink.relay;

import io.github.netnsjunit.netlink.tc.GilbertElliott;
import io.github.netnsjunit.netlink.tc.Netem;
import io.github.netnsjunit.netlink.tc.TrafficMatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * One direction of a relay, run by one thread: reads every frame arriving on {@code from}, applies the conditions in
 * netem's order (loss, duplication, corruption, then delay with jitter or immediate sending for reordered frames,
 * then the rate), and sends what survives out of {@code to} when it is due.
 *
 * <p>Timing: the thread sleeps in poll(2) until the next frame is due or one arrives; below a millisecond it parks
 * for the rest, so delays are kept to tens of microseconds. Frames wait in a queue ordered by due time (ties in
 * arrival order), so jitter reorders as netem's tfifo does; the queue holds at most {@code limit} frames and at most
 * {@code maxQueueBytes} bytes of them (the heap is not the limit: a long delay and a flood would otherwise hold every
 * frame), the rest are dropped as by netem's tail drop and counted. The rate counts a frame's wire bytes as the
 * kernel's qdiscs do, headers once per segment for a GSO super-frame ({@link VnetHeader#wireBytes}).
 *
 * <p>Only frames the {@link TrafficMatch} selects get the conditions; the others take the unconditioned path.
 * With a seed, a TCP segment's random choices come from what the segment is ({@link TcpSegments}), not from the
 * order frames arrived in, so the same exchange loses the same segments on every run; other frames draw from one
 * sequence per protocol ({@link #streamOf}). Burst loss ({@link GilbertElliott}) keeps its good/bad state per
 * direction, moved once per matching frame.
 *
 * <p>Connection cuts ({@link FlowCuts}) are decided for both directions at once: a frame of a connection a cut selects
 * is looked up, and sent or queued if it passes, while holding the relay's cut gate, one lock shared with the other
 * direction; a queued one is looked up again, under the gate, when it is due. So the other thread can never find a
 * connection uncut and then send its frame after the cut was made and announced (FIN, RST) on this one.
 */
final class RelayDirection implements Runnable {
    private static final int MAX_FRAME = VnetHeader.LENGTH + 65536 + 64;
    private static final int IDLE_POLL_MILLIS = 20;

    private record Pending(long due, long order, byte[] frame) {
    }

    private final long maxQueueBytes;
    private long queuedBytes;

    private final PacketPort from;
    private final PacketPort to;
    private final long directionSalt;
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_FRAME).order(ByteOrder.nativeOrder());
    private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_FRAME).order(ByteOrder.nativeOrder());
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(
            (x, y) -> x.due != y.due ? Long.compare(x.due, y.due) : Long.compare(x.order, y.order));
    private volatile Netem conditions;
    private volatile TrafficMatch match = TrafficMatch.ALL;
    private final TcpSegments segments = new TcpSegments();
    /** Per-flow timing faults in force ({@link FrameRelay#hold}): read per frame by this thread, changed by others. */
    private final java.util.concurrent.CopyOnWriteArrayList<FlowHolds> holds =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Connections closed after N bytes ({@link FlowCuts}), shared with the other direction. */
    private final java.util.concurrent.CopyOnWriteArrayList<FlowCuts> cuts =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * The relay's cut gate, the same object in both directions: held from a cut-selected frame's look-up until it is
     * handed to the kernel or queued (see the class comment). Only frames of connections a cut selects take it.
     */
    private final Object cutGate;
    /** Gilbert-Elliott: true while in the bad state. */
    private boolean burstBad;
    private volatile boolean reseed;
    private volatile boolean running = true;
    private SplittableRandom random;
    /** With a seed: one random sequence per protocol (see {@link #streamOf}). */
    private final java.util.Map<Integer, SplittableRandom> streams = new java.util.HashMap<>();
    private long order;
    private long lastDeparture;

    final AtomicLong received = new AtomicLong();
    /** Bytes of the frames received, Ethernet header included, virtio-net header not (what a capture shows). */
    final AtomicLong receivedBytes = new AtomicLong();
    /** Frames (and their bytes, as {@link #receivedBytes}) the match selected: what the conditions were applied to. */
    final AtomicLong selected = new AtomicLong();
    final AtomicLong selectedBytes = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong corrupted = new AtomicLong();

    RelayDirection(PacketPort from, PacketPort to, Netem conditions, long directionSalt, long maxQueueBytes,
            Object cutGate) {
        this.cutGate = cutGate;
        this.maxQueueBytes = maxQueueBytes;
        this.from = from;
        this.to = to;
        this.directionSalt = directionSalt;
        this.conditions = conditions;
        this.random = newRandom(conditions);
    }

    private SplittableRandom newRandom(Netem c) {
        streams.clear();
        segments.clear();
        burstBad = false;
        return c.seed() != 0 ? new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L ^ directionSalt) : new SplittableRandom();
    }

    /**
     * The random sequence for this frame. Without a seed there is one. With a seed there is one per protocol (the
     * EtherType, and for IP the transport protocol), each derived from the seed: the kernel's own background
     * frames (router solicitations, MLD reports, ARP refreshes) come at times that differ run to run, and if they
     * drew from the same sequence, every later choice for the test's own traffic would shift. This way the same
     * UDP or TCP exchange loses, duplicates and delays the same packets each time it runs.
     */
    private SplittableRandom streamOf(Netem c, ByteBuffer frame, int length) {
        if (c.seed() == 0) {
            return random;
        }
        int l2 = VnetHeader.LENGTH;
        int key = length >= l2 + 14 ? ((frame.get(l2 + 12) & 0xff) << 8 | (frame.get(l2 + 13) & 0xff)) : 0;
        if (key == 0x0800 && length > l2 + 23) {
            key = key << 8 | (frame.get(l2 + 14 + 9) & 0xff);
        } else if (key == 0x86DD && length > l2 + 20) {
            key = key << 8 | (frame.get(l2 + 14 + 6) & 0xff);
        }
        long k = key;
        return streams.computeIfAbsent(key, x -> new SplittableRandom(c.seed() * 0x9E3779B97F4A7C15L ^ directionSalt
                ^ (k * 0xBF58476D1CE4E5B9L)));
    }

    /** New conditions for frames arriving from now on; with a seed the random sequence starts again. */
    void update(Netem c) {
        conditions = c;
        reseed = true;
    }

    /** New conditions for the frames {@code m} selects, from now on. */
    void update(Netem c, TrafficMatch m) {
        match = m;
        update(c);
    }

    /** Holds the frames {@code h} selects, from now on. */
    void hold(HeldFlows h) {
        if (h.cuts() != null) {
            cuts.add(h.cuts());
        } else {
            holds.add(new FlowHolds(h));
        }
    }

    /** Stops holding for {@code h}; frames already held leave when due. */
    void release(HeldFlows h) {
        holds.removeIf(f -> f.held() == h);
        cuts.removeIf(f -> f.held() == h);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            long now = System.nanoTime();
            flushDue(now);
            long wait = queue.isEmpty() ? IDLE_POLL_MILLIS * 1_000_000L : queue.peek().due - now;
            if (wait >= 1_000_000L) {
                from.await((int) Math.min(IDLE_POLL_MILLIS, wait / 1_000_000L));
            } else if (wait > 0 && !from.await(0)) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 50_000));
            }
            for (int i = 0; i < 64 && running; i++) {
                int n = from.receive(in);
                if (n <= 0) {
                    break;
                }
                handle(n, System.nanoTime());
            }
        }
    }

    private void handle(int length, long now) {
        received.incrementAndGet();
        receivedBytes.addAndGet(length - VnetHeader.LENGTH);
        Netem c = conditions;
        if (reseed) {
            reseed = false;
            random = newRandom(c);
        }
        boolean chosen = match.matches(in, VnetHeader.LENGTH, length);
        if (chosen) {
            selected.incrementAndGet();
            selectedBytes.addAndGet(length - VnetHeader.LENGTH);
        }
        if (!cuts.isEmpty() && cutSelects(in, length)) {
            // the look-up and the sending (or queueing) as one step against the other direction's cut
            synchronized (cutGate) {
                if (!cutOff(length, now)) {
                    pass(length, now, c, chosen);
                }
            }
            return;
        }
        pass(length, now, c, chosen);
    }

    /** Holds, conditions, or the fast path for a frame no cut consumed. */
    private void pass(int length, long now, Netem c, boolean chosen) {
        if (!holds.isEmpty() && holdBack(length, now)) {
            return;
        }
        if (isClean(c) || !chosen) {
            // the unconditioned fast path: straight from the receive buffer, no copy
            in.limit(length).position(0);
            count(to.send(in));
            return;
        }
        SplittableRandom random = streamOf(c, in, length);
        if (c.seed() != 0) {
            long segment = segments.keyOf(in, VnetHeader.LENGTH, length);
            if (segment != Long.MIN_VALUE) {
                random = new SplittableRandom(TcpSegments.mix(c.seed() * 0x9E3779B97F4A7C15L ^ directionSalt) ^ segment);
            }
        }
        if (c.burstLoss() != null ? lostInBurst(c.burstLoss(), random)
                : c.loss() > 0 && random.nextDouble() * 100 < c.loss()) {
            dropped.incrementAndGet();
            return;
        }
        int copies = 1;
        if (c.duplicate() > 0 && random.nextDouble() * 100 < c.duplicate()) {
            copies = 2;
            duplicated.incrementAndGet();
        }
        for (int k = 0; k < copies; k++) {
            byte[] frame = new byte[length];
            in.get(0, frame, 0, length);
            if (k == 0 && c.corrupt() > 0 && random.nextDouble() * 100 < c.corrupt()) {
                if (!corrupt(frame, random)) {
                    dropped.incrementAndGet();
                    continue;
                }
            }
            long delay = c.delayNanos();
            if (c.jitterNanos() > 0) {
                delay += (long) ((random.nextDouble() * 2 - 1) * c.jitterNanos());
            }
            if (c.reorder() > 0 && random.nextDouble() * 100 < c.reorder()) {
                delay = 0; // netem sends reordered packets at once, ahead of the delayed ones
            }
            if (queue.size() >= Math.max(1, c.limit()) || queuedBytes + length > maxQueueBytes) {
                dropped.incrementAndGet(); // a dropped frame takes no time at the rate either
                continue;
            }
            long due = now + Math.max(0, delay);
            if (c.rateBitsPerSecond() > 0) {
                long wire = (long) (VnetHeader.wireBytes(in, length) * 8.0 * 1e9 / c.rateBitsPerSecond());
                due = Math.max(due, lastDeparture) + wire;
                lastDeparture = due;
            }
            queuedBytes += length;
            queue.add(new Pending(due, order++, frame));
        }
        flushDue(System.nanoTime());
    }

    /**
     * Queues the frame until its due time when a timing fault holds it; false when none does. Frames already due are
     * sent first, so that a frame of a flow never overtakes an earlier one of that flow whose hold just ended.
     */
    private boolean holdBack(int length, long now) {
        flushDue(now);
        if (VnetHeader.isGso(in) && holds.stream().anyMatch(h -> h.spacesSegmentsOf(in, VnetHeader.LENGTH, length))) {
            // each segment is timed on its own: cut the super-frame as the kernel would have on the way out
            java.util.List<byte[]> segments = GsoSegments.split(in, length);
            if (segments != null) {
                for (byte[] s : segments) {
                    ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.nativeOrder());
                    long due = now;
                    for (FlowHolds h : holds) {
                        due = Math.max(due, h.dueOf(b, VnetHeader.LENGTH, s.length, now));
                    }
                    enqueue(s, due);
                }
                flushDue(now);
                return true;
            }
        }
        long due = now;
        for (FlowHolds h : holds) {
            due = Math.max(due, h.dueOf(in, VnetHeader.LENGTH, length, now));
        }
        if (due <= now) {
            return false;
        }
        byte[] frame = new byte[length];
        in.get(0, frame, 0, length);
        enqueue(frame, due);
        return true;
    }

    /** True when a {@link FlowCuts} selects the frame's connection (it must then be handled under the cut gate). */
    private boolean cutSelects(ByteBuffer frame, int length) {
        for (FlowCuts c : cuts) {
            if (c.selects(frame, length)) {
                return true;
            }
        }
        return false;
    }

    /** True when a {@link FlowCuts} consumed the frame (dropped it, or sent what replaces it); cut gate held. */
    private boolean cutOff(int length, long now) {
        FlowCuts.ToReader behind = (frames, sameFlow) -> sendBehind(frames, sameFlow, now);
        for (FlowCuts c : cuts) {
            if (c.consumed(in, length, from, behind)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends a cut's last frames to the reader (this direction's receiver) after the queued frames of their flow: at
     * once when none is queued, else queued just behind the last of them (ties leave in arrival order), outside the
     * queue's limits, since a stream's end must not be lost.
     */
    private void sendBehind(List<byte[]> frames, Predicate<ByteBuffer> sameFlow, long now) {
        boolean behind = false;
        long due = now;
        for (Pending p : queue) {
            if ((!behind || p.due - due > 0) && sameFlow.test(ByteBuffer.wrap(p.frame))) {
                due = behind ? p.due : Math.max(p.due, now);
                behind = true;
            }
        }
        for (byte[] f : frames) {
            if (behind) {
                queuedBytes += f.length;
                queue.add(new Pending(due, order++, f));
            } else {
                out.clear();
                out.put(f).flip();
                count(to.send(out));
            }
        }
    }

    private void enqueue(byte[] frame, long due) {
        if (queuedBytes + frame.length > maxQueueBytes) {
            dropped.incrementAndGet();
            return;
        }
        queuedBytes += frame.length;
        queue.add(new Pending(due, order++, frame));
    }

    /** Moves the Gilbert-Elliott chain one step, then draws this frame's loss in the state it is in. */
    private boolean lostInBurst(GilbertElliott ge, SplittableRandom random) {
        burstBad = burstBad ? random.nextDouble() * 100 >= ge.r() : random.nextDouble() * 100 < ge.p();
        return random.nextDouble() * 100 < (burstBad ? ge.oneMinusH() : ge.oneMinusK());
    }

    /** Flips one random bit after the Ethernet header, after finishing a partial checksum; false for GSO frames. */
    private boolean corrupt(byte[] frame, SplittableRandom random) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.nativeOrder());
        // A GSO super-frame is cut into segments with fresh checksums on the way out, which would hide the damage
        // or spread it: such frames count as lost (netem segments them first; the relay cannot).
        if (VnetHeader.isGso(b)) {
            return false;
        }
        VnetHeader.finishChecksum(b, frame.length);
        int first = VnetHeader.LENGTH + 14;
        if (frame.length <= first) {
            return false;
        }
        int at = first + random.nextInt(frame.length - first);
        frame[at] ^= (byte) (1 << random.nextInt(8));
        corrupted.incrementAndGet();
        return true;
    }

    private void flushDue(long now) {
        while (!queue.isEmpty() && queue.peek().due - now <= 0) {
            byte[] frame = queue.poll().frame;
            queuedBytes -= frame.length;
            out.clear();
            out.put(frame).flip();
            if (!cuts.isEmpty() && cutSelects(out, frame.length)) {
                // queued before its connection may have been cut: decided again, and sent, under the gate
                synchronized (cutGate) {
                    if (!droppedWhenDue(frame.length)) {
                        count(to.send(out));
                    }
                }
                continue;
            }
            count(to.send(out));
        }
    }

    /** True when a {@link FlowCuts} dropped the due frame in {@code out} (see {@link FlowCuts#droppedWhenDue}). */
    private boolean droppedWhenDue(int length) {
        for (FlowCuts c : cuts) {
            if (c.droppedWhenDue(out, length)) {
                return true;
            }
        }
        return false;
    }

    private void count(boolean ok) {
        (ok ? sent : dropped).incrementAndGet();
    }

    private static boolean isClean(Netem c) {
        return c.burstLoss() == null && c.delayNanos() == 0 && c.loss() == 0 && c.duplicate() == 0 && c.corrupt() == 0 && c.reorder() == 0
                && c.rateBitsPerSecond() == 0;
    }
}
