package io.github.netnsjunit.netlink.relay;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One {@link FlowTiming} in one direction of a relay, run by that direction's thread: decides when each frame of the
 * selected flows may leave. State per flow (its 4-tuple in this direction): whether its first data was seen, and until
 * when its frames wait. At most {@value #MAX_FLOWS} flows are remembered; past that all are forgotten (a flow seen
 * again then counts as new: with {@link FlowTiming.Kind#HOLD_FIRST_DATA} its next data is held once more).
 */
final class FlowHolds {
    static final int MAX_FLOWS = 1 << 12;
    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86DD;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    private static final class Flow {
        boolean dataSeen;
        /** UDP datagrams seen (for DELAY_DATAGRAMS_AFTER). */
        long datagrams;
        /** Frames of the flow wait until then (System.nanoTime); for SPACE_DATA the last data frame's departure. */
        long until = Long.MIN_VALUE;
    }

    private final HeldFlows held;
    private final FlowTiming timing;
    private final byte[] peer;
    private final Map<String, Flow> flows = new HashMap<>();

    FlowHolds(HeldFlows held) {
        this.held = held;
        this.timing = held.timing();
        this.peer = timing.peer().getAddress();
    }

    HeldFlows held() {
        return held;
    }

    /**
     * When the frame at {@code l2} may leave: {@code now} or earlier when this timing does not hold it, else its due
     * time (the frame is then counted as held).
     */
    long dueOf(ByteBuffer frame, int l2, int length, long now) {
        int tcp = selected(frame, l2, length);
        if (tcp < 0) {
            return now;
        }
        int type = u16(frame, l2 + 12);
        if (timing.kind() == FlowTiming.Kind.DELAY_DATAGRAMS_AFTER) {
            int addrLen = type == ETH_P_IP ? 4 : 16;
            Flow flow = flow(frame, l2 + 14 + (type == ETH_P_IP ? 12 : 8), addrLen, u16(frame, tcp),
                    u16(frame, tcp + 2));
            if (++flow.datagrams <= timing.count()) {
                return now;
            }
            flow.until = Math.max(now + timing.delayNanos(), flow.until);
            return hold(flow.until, length, now);
        }
        int flags = frame.get(tcp + 13) & 0x3f;
        if (timing.kind() == FlowTiming.Kind.HOLD_SYN) {
            return (flags & (SYN | ACK)) == SYN ? hold(now + timing.delayNanos(), length, now) : now;
        }
        int payload = ipEnd(frame, type, l2 + 14, length) - (tcp + ((frame.get(tcp + 12) & 0xf0) >> 2));
        boolean data = payload > 0 || (flags & FIN) != 0;
        int addrLen = type == ETH_P_IP ? 4 : 16;
        Flow flow = flow(frame, l2 + 14 + (type == ETH_P_IP ? 12 : 8), addrLen, u16(frame, tcp), u16(frame, tcp + 2));
        long due;
        if (timing.kind() == FlowTiming.Kind.HOLD_FIN) {
            if ((flags & FIN) != 0 && !flow.dataSeen) { // dataSeen: here, the FIN was seen
                flow.dataSeen = true;
                flow.until = now + timing.delayNanos();
            }
            due = flow.until;
        } else if (timing.kind() == FlowTiming.Kind.HOLD_FIRST_DATA) {
            if (data && !flow.dataSeen) {
                flow.dataSeen = true;
                flow.until = now + timing.delayNanos();
            }
            due = flow.until;
        } else if (data) {
            due = flow.until == Long.MIN_VALUE ? now : Math.max(now, flow.until + timing.delayNanos());
            flow.until = due;
        } else {
            due = flow.until; // an ACK waits behind the data sent before it
        }
        return due > now ? hold(due, length, now) : now;
    }

    /** True when this timing spaces the segments of the flow of this frame (so a super-frame is cut first). */
    boolean spacesSegmentsOf(ByteBuffer frame, int l2, int length) {
        return timing.kind() == FlowTiming.Kind.SPACE_DATA && selected(frame, l2, length) >= 0;
    }

    /**
     * Where the TCP (for datagram timings: UDP) header of the frame starts when the frame belongs to a selected flow (and, for data timings, goes
     * the chosen way); -1 otherwise.
     */
    private int selected(ByteBuffer frame, int l2, int length) {
        if (length < l2 + 14) {
            return -1;
        }
        int type = u16(frame, l2 + 12);
        int ip = l2 + 14;
        int tcp;
        int addrLen;
        int srcAt;
        int protocol = timing.kind() == FlowTiming.Kind.DELAY_DATAGRAMS_AFTER ? 17 : 6;
        if (type == ETH_P_IP && peer.length == 4 && length >= ip + 20 && (frame.get(ip + 9) & 0xff) == protocol
                && (u16(frame, ip + 6) & 0x1fff) == 0) {
            tcp = ip + (frame.get(ip) & 0x0f) * 4;
            addrLen = 4;
            srcAt = ip + 12;
        } else if (type == ETH_P_IPV6 && peer.length == 16 && length >= ip + 40
                && (frame.get(ip + 6) & 0xff) == protocol) {
            tcp = ip + 40;
            addrLen = 16;
            srcAt = ip + 8;
        } else {
            return -1;
        }
        if (length < tcp + (protocol == 6 ? 20 : 8)) {
            return -1;
        }
        if (u16(frame, tcp) != timing.port() && u16(frame, tcp + 2) != timing.port()) {
            return -1;
        }
        boolean fromPeer = equalsPeer(frame, srcAt, addrLen);
        boolean toPeer = equalsPeer(frame, srcAt + addrLen, addrLen);
        if (!fromPeer && !toPeer) {
            return -1;
        }
        if (timing.kind() != FlowTiming.Kind.HOLD_SYN && (timing.traffic() == FlowTiming.Traffic.TO_PEER && !toPeer
                || timing.traffic() == FlowTiming.Traffic.FROM_PEER && !fromPeer)) {
            return -1;
        }
        return tcp;
    }

    private long hold(long due, int length, long now) {
        if (due > now) {
            held.frames.incrementAndGet();
            held.bytes.addAndGet(length - VnetHeader.LENGTH);
        }
        return due;
    }

    private Flow flow(ByteBuffer frame, int srcAt, int addrLen, int sport, int dport) {
        byte[] key = new byte[addrLen * 2 + 4];
        frame.get(srcAt, key, 0, addrLen * 2);
        key[addrLen * 2] = (byte) (sport >> 8);
        key[addrLen * 2 + 1] = (byte) sport;
        key[addrLen * 2 + 2] = (byte) (dport >> 8);
        key[addrLen * 2 + 3] = (byte) dport;
        String k = new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
        Flow f = flows.get(k);
        if (f == null) {
            if (flows.size() >= MAX_FLOWS) {
                flows.clear();
            }
            f = new Flow();
            flows.put(k, f);
        }
        return f;
    }

    private boolean equalsPeer(ByteBuffer frame, int at, int len) {
        for (int i = 0; i < len; i++) {
            if (frame.get(at + i) != peer[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where the IP packet ends (a GSO super-frame's IPv4 length field may be 0: then the frame's end). */
    private static int ipEnd(ByteBuffer frame, int type, int ip, int length) {
        int total = type == ETH_P_IP ? u16(frame, ip + 2) : 40 + u16(frame, ip + 4);
        int end = ip + total;
        return total <= (type == ETH_P_IP ? 0 : 40) || end > length ? length : end;
    }

    private static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 8 | (b.get(at + 1) & 0xff);
    }
}
