package io.github.netnsjunit.netlink.relay;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Names each TCP segment one direction of a relay sees by what it is rather than when it came, so that a seeded
 * relay decides the same fate for the same segment on every run: the flow (its addresses, its service port, and
 * its rank among the flows with those, so not the ephemeral client port, which changes run to run), the sequence
 * number relative to the flow's first (the ISN of its SYN or SYN-ACK), the payload length, the SYN/FIN/RST flags,
 * and how many times this same segment was seen before (a retransmission is a new occurrence, with its own fate).
 *
 * <p>Arrival order cannot give that: TCP's ACKs and retransmissions depend on timing (delayed ACKs, the
 * retransmission timer), so the n-th frame of one run is not the n-th of the next, and one extra ACK shifted every
 * later decision of a sequence drawn in arrival order (issue 20: six runs of 200 GETs at 5 % loss slowed 24 to 28
 * GETs, at different indices). What stays timing-dependent is what TCP itself varies: how many pure ACKs it sends
 * (their occurrence counts), and where GSO cuts a stream into super-frames when the sender batches differently
 * (request/response traffic of small messages is one segment per message).
 *
 * <p>Memory: one small record per flow and one count per distinct segment of the flow; a flow's counts are dropped
 * when they pass {@value #MAX_SEGMENTS_PER_FLOW} (a retransmission of so old a segment is then a first occurrence
 * again), and all flows when their number passes {@value #MAX_FLOWS}.
 */
final class TcpSegments {
    static final int MAX_SEGMENTS_PER_FLOW = 1 << 16;
    static final int MAX_FLOWS = 1 << 12;
    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86DD;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    private static final class Flow {
        final long identity;
        final int isn;
        final Map<Long, Integer> seen = new HashMap<>();

        Flow(long identity, int isn) {
            this.identity = identity;
            this.isn = isn;
        }
    }

    private final Map<String, Flow> flows = new HashMap<>();
    /** Flows seen per (addresses, service port): the next one's rank. */
    private final Map<Long, Integer> ranks = new HashMap<>();

    /** Forgets every flow (new conditions: decisions start again). */
    void clear() {
        flows.clear();
        ranks.clear();
    }

    /**
     * A 64-bit name of the TCP segment in the frame at {@code l2}, or {@link Long#MIN_VALUE} when the frame is not a
     * TCP segment (or a later IP fragment of one).
     */
    long keyOf(ByteBuffer frame, int l2, int length) {
        if (length < l2 + 14) {
            return Long.MIN_VALUE;
        }
        int type = u16(frame, l2 + 12);
        int ip = l2 + 14;
        int tcp;
        int addrAt;
        int addrLen;
        if (type == ETH_P_IP && length >= ip + 20 && (frame.get(ip + 9) & 0xff) == 6
                && (u16(frame, ip + 6) & 0x1fff) == 0) {
            tcp = ip + (frame.get(ip) & 0x0f) * 4;
            addrAt = ip + 12;
            addrLen = 8;
        } else if (type == ETH_P_IPV6 && length >= ip + 40 && (frame.get(ip + 6) & 0xff) == 6) {
            tcp = ip + 40;
            addrAt = ip + 8;
            addrLen = 32;
        } else {
            return Long.MIN_VALUE;
        }
        if (length < tcp + 20) {
            return Long.MIN_VALUE;
        }
        int sport = u16(frame, tcp);
        int dport = u16(frame, tcp + 2);
        int seq = u16(frame, tcp + 4) << 16 | u16(frame, tcp + 6);
        int flags = frame.get(tcp + 13) & 0x3f;
        int payload = ipPayloadEnd(frame, type, ip, length) - (tcp + ((frame.get(tcp + 12) & 0xf0) >> 2));
        StringBuilder id = new StringBuilder(addrLen * 2 + 12);
        long addresses = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < addrLen; i++) {
            int b = frame.get(addrAt + i) & 0xff;
            id.append((char) b);
            addresses = mix(addresses ^ b);
        }
        id.append((char) sport).append((char) dport);
        String tuple = id.toString();
        Flow flow = flows.get(tuple);
        if (flow == null) {
            if (flows.size() >= MAX_FLOWS) {
                clear();
            }
            boolean synOnly = (flags & (SYN | ACK)) == SYN;
            boolean synAck = (flags & (SYN | ACK)) == (SYN | ACK);
            long identity;
            if (synOnly || synAck) {
                // the service port: the SYN's destination, the SYN-ACK's source
                long group = mix(addresses ^ ((long) (synOnly ? dport : sport) << 1 | (synOnly ? 1 : 0)));
                identity = mix(group ^ ranks.merge(group, 1, Integer::sum));
            } else {
                // seen mid-flow (started before these conditions, or its last segments after a previous run's
                // close): named by its ports, and kept out of the ranks so that it shifts no flow that starts now
                identity = mix(addresses ^ 0x5DEECE66DL ^ ((long) sport << 16 | dport));
            }
            flow = new Flow(identity, seq);
            flows.put(tuple, flow);
        }
        long relative = Integer.toUnsignedLong(seq - flow.isn);
        long segment = relative << 24 ^ (long) Math.max(0, payload) << 6 ^ flags & (SYN | 0x01 | 0x04);
        if (flow.seen.size() >= MAX_SEGMENTS_PER_FLOW) {
            flow.seen.clear();
        }
        int occurrence = flow.seen.merge(segment, 1, Integer::sum);
        return mix(mix(flow.identity ^ segment) ^ occurrence);
    }

    /** Where the IP packet ends (its total length; a GSO super-frame's length field may be 0, then the frame's). */
    private static int ipPayloadEnd(ByteBuffer frame, int type, int ip, int length) {
        int total = type == ETH_P_IP ? u16(frame, ip + 2) : 40 + u16(frame, ip + 4);
        int end = ip + total;
        return total <= (type == ETH_P_IP ? 0 : 40) || end > length ? length : end;
    }

    private static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 8 | (b.get(at + 1) & 0xff);
    }

    /** SplitMix64's finaliser: every input bit moves every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
