package io.github.netnsjunit.junit.internal.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internal: puts the packets of several capture sockets (one per namespace) into path order. Within one socket the
 * queue order is the order of events, but across namespaces the kernel's time stamps do not always say which came
 * first: a TCP segment carries the stack's departure time (EDT, on CLOCK_MONOTONIC, net/ipv4/tcp_output.c), which
 * the capture converts to wall-clock time with an offset read from two clocks — off by more than a SYN's round trip
 * across a veth (tens of µs) on a loaded machine — while a reset the kernel sends itself is stamped when it passes
 * the tap. So time alone once put a SYN after the reset that answered it.
 *
 * <p>The order is therefore a merge of the per-namespace queues that keeps each queue's order and places a received
 * frame after its twin: the identical frame sent out of a link of another namespace closest in time. Among the
 * queue heads free to go, the earliest stamp goes first. Should the twins ever contradict the queues, the earliest
 * head goes first regardless.
 */
final class PathOrder {
    private static final long TWIN_WINDOW_NANOS = 20_000_000;

    private PathOrder() {
    }

    /** {@code packets} holds each namespace's packets in the order its capture socket queued them. */
    static List<Packet> sort(List<Packet> packets) {
        Map<String, Deque<Packet>> queues = new LinkedHashMap<>();
        for (Packet p : packets) {
            queues.computeIfAbsent(p.namespace(), k -> new ArrayDeque<>()).add(p);
        }
        Map<Packet, Packet> twinOf = new IdentityHashMap<>();
        for (Packet in : packets) {
            if (in.outgoing()) {
                continue;
            }
            Packet twin = null;
            for (Packet out : packets) {
                // another namespace only: within one, the queue already says what came first
                if (out.outgoing() && !out.namespace().equals(in.namespace()) && out.text().equals(in.text())
                        && Math.abs(out.nanos() - in.nanos()) < TWIN_WINDOW_NANOS
                        && (twin == null || Math.abs(out.nanos() - in.nanos()) < Math.abs(twin.nanos() - in.nanos()))) {
                    twin = out;
                }
            }
            if (twin != null) {
                twinOf.put(in, twin);
            }
        }
        Set<Packet> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Packet> ordered = new ArrayList<>(packets.size());
        while (ordered.size() < packets.size()) {
            Packet next = earliestHead(queues, twinOf, placed, true);
            if (next == null) {
                next = earliestHead(queues, twinOf, placed, false);
            }
            queues.get(next.namespace()).removeFirst();
            placed.add(next);
            ordered.add(next);
        }
        return ordered;
    }

    private static Packet earliestHead(Map<String, Deque<Packet>> queues, Map<Packet, Packet> twinOf,
            Set<Packet> placed, boolean twinsFirst) {
        Packet best = null;
        for (Deque<Packet> queue : queues.values()) {
            Packet head = queue.peekFirst();
            if (head == null || twinsFirst && twinOf.containsKey(head) && !placed.contains(twinOf.get(head))) {
                continue;
            }
            if (best == null || head.nanos() < best.nanos()) {
                best = head;
            }
        }
        return best;
    }
}
