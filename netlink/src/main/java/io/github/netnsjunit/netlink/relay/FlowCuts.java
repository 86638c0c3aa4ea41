package io.github.netnsjunit.netlink.relay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A {@link FlowTiming.Kind#CLOSE_AFTER_BYTES} fault on a relay, shared by both directions: ends each selected TCP
 * connection cleanly for its receiver after exactly {@code count} bytes of data in the chosen direction, as a peer
 * that closed would, and resets it for the sender.
 *
 * <p>Counting: by sequence number relative to the sender's SYN (or SYN-ACK), so retransmissions count once;
 * connections whose SYN the relay did not see (opened before the fault) are left alone. When a segment carries a byte
 * past {@code count} (a GSO super-frame is cut into its segments first), the relay sends the receiver the bytes up to
 * {@code count} with FIN set on the last (its own full checksum), and the sender a RST whose sequence number is that
 * segment's acknowledgement number: the sender's {@code rcv_nxt}, which is what RFC 5961 (Linux
 * {@code tcp_validate_incoming}) requires of a RST to act at once rather than draw a challenge ACK. From then on
 * every frame of the connection, both ways, is dropped; a later segment of the sender (it may not have seen the RST
 * yet) is answered with another RST at its own acknowledgement number, as a closed port answers; a segment of the
 * receiver carrying data or its FIN is acknowledged (sequence number after our FIN), so that its socket goes from
 * {@code LAST_ACK} to closed instead of retransmitting its FIN. Forged frames leave outside the link's conditions
 * (at once, except that the reader's last bytes and FIN wait behind the frames of its stream the relay still holds,
 * see {@link ToReader}), and carry the timestamps option where the connection uses it (PAWS).
 *
 * <p>Atomic for both directions: each direction's thread calls this class holding the relay's cut gate (one lock
 * for both, see {@link RelayDirection}) from the look-up of a frame until the frame, or what replaces it, has been
 * handed to the kernel, and a cut is recorded for both of its directions before anything of it is sent. Otherwise the
 * other thread could look the connection up just before the cut is recorded and send its frame just after (CI saw the
 * reader's FIN, sent by its kernel in answer to ours within microseconds, reach the writer ahead of the writer's RST:
 * the relay thread was preempted between sending the FIN and recording the cut). Frames that entered the relay before
 * the cut and still wait in a queue (link conditions, another hold) are looked at again when due
 * ({@link #droppedWhenDue}): the reader's are dropped, since the writer has been reset; the writer's pass, since they
 * carry the bytes before the cut that the reader needs before our FIN counts.
 *
 * <p>Limits: at most {@value #MAX_FLOWS} flows are remembered (past that all are forgotten, and a connection whose
 * SYN was forgotten is no longer counted); a GSO super-frame that {@link GsoSegments} does not cut (IPv6 extension
 * headers, which Linux TCP does not send) is cut short whole, and if what remains is larger than one segment the
 * kernel refuses it, so the reader gets no FIN (the writer is still reset).
 */
final class FlowCuts {
    static final int MAX_FLOWS = 1 << 12;
    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86DD;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    /**
     * A receiver's segment that brings nothing new within this time of our last acknowledgement is not answered
     * again. Linux retransmits after its RTO, at least {@code TCP_RTO_MIN} (200 ms), so what repeats sooner is a
     * tail-loss probe of its FIN sent while our ACK was on its way (seen in CloseAfterBytesIT under CPU load: a
     * second ACK reached a socket the first had already closed, and the reader's kernel answered it with a RST); a
     * repeat after a real loss of our ACK comes later and is answered.
     */
    private static final long REPEAT_NANOS = 100_000_000L;

    /** A connection cut: what the relay answers to frames of one of its two directions. */
    private static final class Cut {
        /** True: frames with this key come from the sender (answered with a RST); false: from the receiver. */
        final boolean fromSender;
        /** For the receiver's side: our sequence number after the FIN, and the highest we acknowledged. */
        final int nextSeq;
        int ack;
        final long tsVal;
        /** When we last acknowledged {@link #ack} (System.nanoTime), for {@link #REPEAT_NANOS}; valid once sent. */
        long ackedAt;
        boolean acked;

        Cut(boolean fromSender, int nextSeq, int ack, long tsVal) {
            this.fromSender = fromSender;
            this.nextSeq = nextSeq;
            this.ack = ack;
            this.tsVal = tsVal;
        }
    }

    /**
     * The way to the reader, for the frames that end its stream: its direction of the relay sends them behind the
     * frames of the same flow it still holds in its queue (link conditions, another hold), at once when it holds none.
     */
    interface ToReader {
        /** Sends {@code frames} in order, after every queued frame that {@code sameFlow} accepts. */
        void sendBehind(List<byte[]> frames, Predicate<ByteBuffer> sameFlow);
    }

    /** A parsed TCP frame (offsets into its buffer, after the virtio-net header). */
    private record Tcp(int type, int ip, int tcp, int addrAt, int addrLen, int headersEnd, int end, int flags,
            int seq, int ack) {
        int payload() {
            return end - headersEnd;
        }

        String key(ByteBuffer b) {
            byte[] k = new byte[addrLen * 2 + 4];
            b.get(addrAt, k, 0, addrLen * 2);
            b.get(tcp, k, addrLen * 2, 4);
            return new String(k, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        String reverseKey(ByteBuffer b) {
            byte[] k = new byte[addrLen * 2 + 4];
            b.get(addrAt + addrLen, k, 0, addrLen);
            b.get(addrAt, k, addrLen, addrLen);
            b.get(tcp + 2, k, addrLen * 2, 2);
            b.get(tcp, k, addrLen * 2 + 2, 2);
            return new String(k, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private final HeldFlows held;
    private final FlowTiming timing;
    private final byte[] peer;
    /** Sender's ISN per flow in a counted direction (each key is only touched by the thread of its direction). */
    private final Map<String, Integer> isns = new ConcurrentHashMap<>();
    private final Map<String, Cut> cuts = new ConcurrentHashMap<>();

    FlowCuts(HeldFlows held) {
        this.held = held;
        this.timing = held.timing();
        this.peer = timing.peer().getAddress();
    }

    HeldFlows held() {
        return held;
    }

    /**
     * True when the frame in {@code frame[0, length)} (virtio-net header first) belongs to a connection this fault
     * selects: then it is looked at, and sent if it passes, only with the relay's cut gate held.
     */
    boolean selects(ByteBuffer frame, int length) {
        Tcp t = parse(frame, VnetHeader.LENGTH, length);
        return t != null && ofSelectedFlow(frame, t);
    }

    /**
     * Acts on the frame in {@code frame[0, length)} (virtio-net header first) arriving from {@code from}: true when
     * it was consumed (dropped, or replaced by what was sent), false when it passes as usual. {@code to} is the way
     * out of the frame's direction: the reader's, if this frame cuts its connection. The caller holds the relay's cut
     * gate until a frame that passes has been sent or queued.
     */
    boolean consumed(ByteBuffer frame, int length, PacketPort from, ToReader to) {
        Tcp t = parse(frame, VnetHeader.LENGTH, length);
        if (t == null || !ofSelectedFlow(frame, t)) {
            return false;
        }
        String key = t.key(frame);
        Cut cut = cuts.get(key);
        if (cut != null) {
            count(length);
            answerAfterCut(frame, t, cut, from);
            return true;
        }
        if (!countedWay(frame, t)) {
            return false;
        }
        if ((t.flags & SYN) != 0) {
            if (isns.size() >= MAX_FLOWS) {
                isns.clear();
            }
            isns.put(key, t.seq);
            return false;
        }
        Integer isn = isns.get(key);
        if (isn == null || t.payload() <= 0) {
            return false;
        }
        long end = Integer.toUnsignedLong(t.seq - isn - 1) + t.payload();
        if (end <= timing.count() || end > 1L << 31) {
            return false;
        }
        cutAt(frame, length, t, key, isn, from, to);
        return true;
    }

    /**
     * Cuts the connection at the frame that carries byte {@code count + 1}: first records the cut for both directions,
     * then resets the writer, then sends the reader its last bytes with FIN. The order matters together with the gate
     * the caller holds: the reader's answer to the FIN (its own FIN, at once when it closes on end-of-stream) can only
     * be looked up after the cut is recorded and after the writer's RST has left, so it is absorbed, never forwarded.
     * The reader's last bytes and FIN leave behind the bytes before them that the relay still holds (a delayed link),
     * so that the reader sees its stream end in order, as a peer's close.
     */
    private void cutAt(ByteBuffer frame, int length, Tcp t, String key, int isn, PacketPort from, ToReader to) {
        count(length);
        List<byte[]> parts = VnetHeader.isGso(frame) ? GsoSegments.split(frame, length) : null;
        if (parts == null) {
            byte[] whole = new byte[length];
            frame.get(0, whole, 0, length);
            parts = List.of(whole);
        }
        List<byte[]> toReader = new ArrayList<>(parts.size());
        int lastAck = t.ack;
        for (byte[] p : parts) {
            ByteBuffer b = ByteBuffer.wrap(p);
            Tcp s = parse(b, VnetHeader.LENGTH, p.length);
            long start = Integer.toUnsignedLong(s.seq - isn - 1);
            if (start + s.payload() <= timing.count()) {
                toReader.add(p);
                continue;
            }
            int keep = (int) (timing.count() - start);
            long tsVal = tsValOf(b, s);
            lastAck = s.ack;
            byte[] last = new byte[s.headersEnd + keep];
            System.arraycopy(p, 0, last, 0, last.length);
            last[s.tcp + 13] = (byte) ((s.flags & ~(SYN | RST)) | FIN | ACK | (keep > 0 ? PSH : 0));
            finish(last, s);
            toReader.add(last);
            int finSeq = s.seq + keep;
            if (cuts.size() >= MAX_FLOWS) {
                cuts.clear();
            }
            cuts.put(key, new Cut(true, 0, 0, -1));
            cuts.put(t.reverseKey(frame), new Cut(false, finSeq + 1, lastAck, tsVal));
            isns.remove(key);
            break;
        }
        // the sender: a reset at its rcv_nxt (the acknowledgement number it just sent)
        send(from, reply(frame, t, lastAck, 0, RST, -1, -1));
        to.sendBehind(toReader, b -> {
            Tcp q = parse(b, VnetHeader.LENGTH, b.limit());
            return q != null && key.equals(q.key(b));
        });
    }

    /**
     * For a frame that waited in a queue of the relay and is now due (virtio-net header first, the caller holding the
     * cut gate): true when it was dropped because its connection was cut meanwhile and it goes to the writer, which
     * has been reset (the reader's ACKs, data or FIN sent before it saw our FIN). A frame of the writer passes: it
     * entered the relay before the segment that crossed the count, so it carries bytes before the cut.
     */
    boolean droppedWhenDue(ByteBuffer frame, int length) {
        Tcp t = parse(frame, VnetHeader.LENGTH, length);
        if (t == null || !ofSelectedFlow(frame, t)) {
            return false;
        }
        Cut cut = cuts.get(t.key(frame));
        if (cut == null || cut.fromSender) {
            return false;
        }
        count(length);
        return true;
    }

    private void answerAfterCut(ByteBuffer frame, Tcp t, Cut cut, PacketPort from) {
        if ((t.flags & RST) != 0) {
            return;
        }
        if (cut.fromSender) {
            if ((t.flags & ACK) != 0) {
                send(from, reply(frame, t, t.ack, 0, RST, -1, -1));
            }
            return;
        }
        int fin = (t.flags & FIN) != 0 ? 1 : 0;
        if (t.payload() <= 0 && fin == 0) {
            return; // the receiver's ACK (of our FIN): nothing to answer
        }
        int end = t.seq + t.payload() + fin; // the cut gate is held: one thread at a time moves cut.ack
        long now = System.nanoTime();
        if (end - cut.ack > 0) {
            cut.ack = end;
        } else if (cut.acked && now - cut.ackedAt < REPEAT_NANOS) {
            return; // a repeat of what we just acknowledged (see REPEAT_NANOS)
        }
        cut.acked = true;
        cut.ackedAt = now;
        send(from, reply(frame, t, cut.nextSeq, cut.ack, ACK, cut.tsVal, tsValOf(frame, t)));
    }

    /** The flow's addresses and ports are the fault's (any direction). */
    private boolean ofSelectedFlow(ByteBuffer b, Tcp t) {
        if (t.addrLen != peer.length) {
            return false;
        }
        if (u16(b, t.tcp) != timing.port() && u16(b, t.tcp + 2) != timing.port()) {
            return false;
        }
        return equalsPeer(b, t.addrAt, t.addrLen) || equalsPeer(b, t.addrAt + t.addrLen, t.addrLen);
    }

    /** The frame goes the way whose data is counted. */
    private boolean countedWay(ByteBuffer b, Tcp t) {
        return switch (timing.traffic()) {
            case BOTH -> true;
            case TO_PEER -> equalsPeer(b, t.addrAt + t.addrLen, t.addrLen);
            case FROM_PEER -> equalsPeer(b, t.addrAt, t.addrLen);
        };
    }

    private void count(int length) {
        held.frames.incrementAndGet();
        held.bytes.addAndGet(length - VnetHeader.LENGTH);
    }

    /**
     * A frame back to the sender of {@code t}: addresses and ports swapped, no payload, the timestamps option when
     * {@code tsVal} is not negative, a full checksum (no offload).
     */
    private static byte[] reply(ByteBuffer in, Tcp t, int seq, int ack, int flags, long tsVal, long tsEcr) {
        boolean v4 = t.type == ETH_P_IP;
        int ipLen = v4 ? 20 : 40;
        int options = tsVal >= 0 ? 12 : 0;
        int l2 = VnetHeader.LENGTH;
        int ip = l2 + 14;
        int tcp = ip + ipLen;
        byte[] f = new byte[tcp + 20 + options];
        ByteBuffer b = ByteBuffer.wrap(f);
        in.get(l2 + 6, f, l2, 6); // destination: the frame's source
        in.get(l2, f, l2 + 6, 6);
        b.putShort(l2 + 12, (short) t.type);
        if (v4) {
            b.put(ip, (byte) 0x45);
            b.putShort(ip + 2, (short) (ipLen + 20 + options));
            b.putShort(ip + 6, (short) 0x4000);
            b.put(ip + 8, (byte) 64);
            b.put(ip + 9, (byte) 6);
        } else {
            b.putInt(ip, 0x60000000);
            b.putShort(ip + 4, (short) (20 + options));
            b.put(ip + 6, (byte) 6);
            b.put(ip + 7, (byte) 64);
        }
        int addrAt = v4 ? ip + 12 : ip + 8;
        in.get(t.addrAt + t.addrLen, f, addrAt, t.addrLen);
        in.get(t.addrAt, f, addrAt + t.addrLen, t.addrLen);
        b.putShort(tcp, (short) u16(in, t.tcp + 2));
        b.putShort(tcp + 2, (short) u16(in, t.tcp));
        b.putInt(tcp + 4, seq);
        b.putInt(tcp + 8, ack);
        b.put(tcp + 12, (byte) ((20 + options) / 4 << 4));
        b.put(tcp + 13, (byte) flags);
        b.putShort(tcp + 14, (short) ((flags & RST) != 0 ? 0 : 65535));
        if (options > 0) {
            b.putInt(tcp + 20, 0x0101080a);
            b.putInt(tcp + 24, (int) tsVal);
            b.putInt(tcp + 28, (int) Math.max(0, tsEcr));
        }
        Tcp r = new Tcp(t.type, ip, tcp, addrAt, t.addrLen, tcp + 20 + options, f.length, flags, seq, ack);
        finish(f, r);
        return f;
    }

    /**
     * Makes the frame stand alone: no GSO, no offloaded checksum; the IP length (and IPv4 header checksum) and the TCP
     * checksum computed here over the frame's bytes.
     */
    private static void finish(byte[] f, Tcp t) {
        ByteBuffer b = ByteBuffer.wrap(f);
        for (int i = 0; i < VnetHeader.LENGTH; i++) {
            f[i] = 0;
        }
        int tcpLength = f.length - t.tcp;
        if (t.type == ETH_P_IP) {
            b.putShort(t.ip + 2, (short) (f.length - t.ip));
            b.putShort(t.ip + 10, (short) 0);
            b.putShort(t.ip + 10, (short) ~fold(sum(f, t.ip, t.tcp - t.ip, 0)));
        } else {
            b.putShort(t.ip + 4, (short) tcpLength);
        }
        b.putShort(t.tcp + 16, (short) 0);
        long pseudo = sum(f, t.addrAt, t.addrLen * 2, 6 + tcpLength);
        int check = ~fold(sum(f, t.tcp, tcpLength, pseudo)) & 0xffff;
        b.putShort(t.tcp + 16, (short) (check == 0 ? 0xffff : check));
    }

    /** The TSval of the frame's timestamps option, or -1 when it has none. */
    private static long tsValOf(ByteBuffer frame, Tcp t) {
        ByteBuffer b = frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        int at = t.tcp + 20;
        while (at < t.headersEnd) {
            int kind = b.get(at) & 0xff;
            if (kind == 0) {
                break;
            }
            if (kind == 1) {
                at++;
                continue;
            }
            if (at + 1 >= t.headersEnd) {
                break;
            }
            int len = b.get(at + 1) & 0xff;
            if (kind == 8 && len == 10 && at + 10 <= t.headersEnd) {
                return Integer.toUnsignedLong(b.getInt(at + 2));
            }
            if (len < 2) {
                break;
            }
            at += len;
        }
        return -1;
    }

    private static Tcp parse(ByteBuffer b, int l2, int length) {
        if (length < l2 + 14) {
            return null;
        }
        ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        int type = u16(be, l2 + 12);
        int ip = l2 + 14;
        int tcp;
        int addrAt;
        int addrLen;
        int total;
        if (type == ETH_P_IP && length >= ip + 20 && (be.get(ip + 9) & 0xff) == 6 && (u16(be, ip + 6) & 0x1fff) == 0) {
            tcp = ip + (be.get(ip) & 0x0f) * 4;
            addrAt = ip + 12;
            addrLen = 4;
            total = u16(be, ip + 2);
        } else if (type == ETH_P_IPV6 && length >= ip + 40 && (be.get(ip + 6) & 0xff) == 6) {
            tcp = ip + 40;
            addrAt = ip + 8;
            addrLen = 16;
            total = 40 + u16(be, ip + 4);
        } else {
            return null;
        }
        if (length < tcp + 20) {
            return null;
        }
        int headersEnd = tcp + ((be.get(tcp + 12) & 0xf0) >> 2);
        int end = ip + total;
        if (total <= (addrLen == 4 ? 0 : 40) || end > length) {
            end = length; // a GSO super-frame's IPv4 length may be 0
        }
        if (headersEnd > end) {
            return null;
        }
        return new Tcp(type, ip, tcp, addrAt, addrLen, headersEnd, end, be.get(tcp + 13) & 0x3f, be.getInt(tcp + 4),
                be.getInt(tcp + 8));
    }

    private static void send(PacketPort port, byte[] frame) {
        ByteBuffer out = ByteBuffer.allocateDirect(frame.length).order(ByteOrder.nativeOrder());
        out.put(frame).flip();
        port.send(out);
    }

    private boolean equalsPeer(ByteBuffer frame, int at, int len) {
        for (int i = 0; i < len; i++) {
            if (frame.get(at + i) != peer[i]) {
                return false;
            }
        }
        return true;
    }

    private static long sum(byte[] s, int at, int len, long start) {
        long sum = start;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            sum += (s[at + i] & 0xff) << 8 | (s[at + i + 1] & 0xff);
        }
        if (i < len) {
            sum += (s[at + i] & 0xff) << 8;
        }
        return sum;
    }

    private static int fold(long sum) {
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }

    private static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 8 | (b.get(at + 1) & 0xff);
    }
}
