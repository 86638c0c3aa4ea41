package io.github.netnsjunit.junit.internal.trace;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: the hop-by-hop account of a probe, one line per link, direction and kind of packet, in the order
 * they were first seen, repeats counted: {@code veth0 (ns0) out: ARP, Request who-has 192.168.2.1 tell
 * 192.168.2.11 ×3 — no reply}. A request that nothing answered anywhere in the capture is marked.
 */
final class HopAccount {
    private HopAccount() {
    }

    static List<String> lines(List<Packet> packets) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Packet> firsts = new LinkedHashMap<>();
        for (Packet p : packets) {
            String key = p.where() + ": " + p.text().replaceAll(", seq \\d+$", "");
            counts.computeIfAbsent(key, k -> new int[1])[0]++;
            firsts.putIfAbsent(key, p);
        }
        List<String> lines = new ArrayList<>();
        counts.forEach((key, n) -> {
            Packet p = firsts.get(key);
            String line = key + (n[0] > 1 ? " ×" + n[0] : "");
            if (p.outgoing() && unanswered(p, packets)) {
                line += p.isNeighbourRequest() || p.kind() == Packet.Kind.ECHO_REQUEST ? " — no reply" : " — no answer";
            }
            lines.add(line);
        });
        return lines;
    }

    /** A request (ARP/ND, echo, SYN) with no answer to it anywhere in the capture. */
    static boolean unanswered(Packet request, List<Packet> all) {
        return switch (request.kind()) {
            case ARP_REQUEST, ND_SOLICIT -> all.stream().noneMatch(p -> p.isNeighbourReply()
                    && same(p.source(), request.target()));
            case ECHO_REQUEST -> all.stream().noneMatch(p -> p.kind() == Packet.Kind.ECHO_REPLY
                    && p.identifier() == request.identifier());
            case TCP_SYN -> all.stream().noneMatch(p -> (p.kind() == Packet.Kind.TCP_SYN_ACK
                    || p.kind() == Packet.Kind.TCP_RESET) && p.identifier() == request.sequence());
            default -> false;
        };
    }

    private static boolean same(InetAddress a, InetAddress b) {
        return a != null && a.equals(b);
    }
}
