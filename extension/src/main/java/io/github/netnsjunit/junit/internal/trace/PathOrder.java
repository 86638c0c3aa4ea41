package io.github.netnsjunit.junit.internal.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: puts the packets of several capture sockets into path order. Within one socket the queue order is
 * the order of events, but across namespaces the kernel's time stamps do not always say which came first: an
 * outgoing frame may carry the stack's departure time (TCP stamps skb->tstamp with it), so the copy received on
 * the veth peer can look older than the frame sent. A received frame whose identical twin was sent out of another
 * link within a few milliseconds is therefore placed right after that twin.
 */
final class PathOrder {
    private static final long TWIN_WINDOW_NANOS = 5_000_000;

    private PathOrder() {
    }

    static List<Packet> sort(List<Packet> packets) {
        List<Packet> byTime = new ArrayList<>(packets);
        byTime.sort(Comparator.comparingLong(Packet::nanos));
        Map<Packet, Long> key = new IdentityHashMap<>();
        for (Packet p : byTime) {
            key.put(p, p.nanos() * 2); // even: own time; odd: right after a twin
        }
        for (Packet in : byTime) {
            if (in.outgoing()) {
                continue;
            }
            Packet twin = null;
            for (Packet out : byTime) {
                if (out.outgoing() && out.text().equals(in.text())
                        && !(out.namespace().equals(in.namespace()) && out.link().equals(in.link()))
                        && Math.abs(out.nanos() - in.nanos()) < TWIN_WINDOW_NANOS
                        && (twin == null || Math.abs(out.nanos() - in.nanos()) < Math.abs(twin.nanos() - in.nanos()))) {
                    twin = out;
                }
            }
            if (twin != null && key.get(twin) >= key.get(in)) {
                key.put(in, key.get(twin) + 1);
            }
        }
        byTime.sort(Comparator.comparingLong(key::get));
        return byTime;
    }
}
