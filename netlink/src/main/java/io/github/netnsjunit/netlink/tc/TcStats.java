package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters of a qdisc or class, as {@code tc -s qdisc show} / {@code tc -s class show} print them, decoded from
 * the {@code TCA_STATS2} nest of an {@code RTM_NEWQDISC}/{@code RTM_NEWTCLASS} dump reply ({@code linux/gen_stats.h}):
 * {@code TCA_STATS_BASIC} ({@code struct gnet_stats_basic}: u64 bytes, u32 packets, padded to 16),
 * {@code TCA_STATS_PKT64} (u64 packets, sent by newer kernels next to the u32) and {@code TCA_STATS_QUEUE}
 * ({@code struct gnet_stats_queue}: u32 qlen, backlog, drops, requeues, overlimits), all in host byte order.
 *
 * <p>Bytes and packets are what left the qdisc (or class): the kernel updates them on dequeue, counting each skb's
 * length ({@code qdisc_pkt_len}: on a veth the whole Ethernet frame, as {@code tcpdump} reports it) and a GSO packet
 * as its segments. Dropped and still queued packets are counted apart ({@link #drops}, {@link #qlen}).
 *
 * @param bytes      bytes dequeued
 * @param packets    packets dequeued
 * @param drops      packets dropped (on enqueue, or by the qdisc's own policy)
 * @param overlimits times the qdisc held a packet back over its limit (tbf: over rate)
 * @param requeues   packets requeued after a failed transmit
 * @param qlen       packets queued now
 * @param backlog    bytes queued now
 */
public record TcStats(long bytes, long packets, long drops, long overlimits, long requeues, long qlen, long backlog) {
    /** {@code TCA_STATS2}: the nest of {@code gnet_stats_*} attributes. */
    public static final int TCA_STATS2 = 7;
    /** {@code TCA_STATS_BASIC}: {@code struct gnet_stats_basic}. */
    public static final int TCA_STATS_BASIC = 1;
    /** {@code TCA_STATS_QUEUE}: {@code struct gnet_stats_queue}. */
    public static final int TCA_STATS_QUEUE = 3;
    /** {@code TCA_STATS_PKT64}: the packet count as a u64. */
    public static final int TCA_STATS_PKT64 = 8;
    /** {@code RTM_GETTCLASS}. */
    public static final int RTM_GETTCLASS = 42;

    /** No counts. */
    public static final TcStats ZERO = new TcStats(0, 0, 0, 0, 0, 0, 0);

    /** One qdisc or class of a dump and its counters: {@code header.handle()} is its handle (qdisc) or classid. */
    public record Entry(TcMsg header, String kind, TcStats stats) {
    }

    /**
     * The body of {@code tc -s qdisc show dev LINK}'s request (and of {@code tc -s class show dev LINK}'s, sent as
     * {@link #RTM_GETTCLASS}): a {@code tcmsg} naming the link, nothing else. The kernel dumps the qdiscs of every
     * link whatever the ifindex (iproute2 filters the replies itself), its classes only for the link named.
     */
    public static NetlinkSocket.MessageBody request(int ifindex) {
        return w -> new TcMsg(0, ifindex, 0, 0, 0).write(w);
    }

    /** The entries of a dump's replies of type {@code replyType} about link {@code ifindex}, in reply order. */
    public static List<Entry> decode(List<NetlinkMessage> replies, int replyType, int ifindex) {
        List<Entry> out = new ArrayList<>();
        for (NetlinkMessage m : replies) {
            if (m.type() != replyType) {
                continue;
            }
            TcMsg h = TcMsg.parse(m.payload().duplicate());
            if (h.ifindex() != ifindex) {
                continue;
            }
            Attributes a = m.attributes(TcMsg.LENGTH);
            out.add(new Entry(h, a.string(Tc.TCA_KIND), a.has(TCA_STATS2) ? of(a.nested(TCA_STATS2)) : ZERO));
        }
        return out;
    }

    /** Decodes the content of a {@code TCA_STATS2} nest; absent parts count 0. */
    public static TcStats of(Attributes stats2) {
        long bytes = 0;
        long packets = 0;
        ByteBuffer basic = value(stats2, TCA_STATS_BASIC, 12);
        if (basic != null) {
            bytes = basic.getLong(0);
            packets = Integer.toUnsignedLong(basic.getInt(8));
        }
        ByteBuffer pkt64 = value(stats2, TCA_STATS_PKT64, 8);
        if (pkt64 != null) {
            packets = pkt64.getLong(0);
        }
        ByteBuffer q = value(stats2, TCA_STATS_QUEUE, 20);
        if (q == null) {
            return new TcStats(bytes, packets, 0, 0, 0, 0, 0);
        }
        return new TcStats(bytes, packets, u32(q, 8), u32(q, 16), u32(q, 12), u32(q, 0), u32(q, 4));
    }

    private static ByteBuffer value(Attributes a, int type, int minLength) {
        return a.get(type).map(x -> x.value().slice().order(ByteOrder.nativeOrder()))
                .filter(b -> b.remaining() >= minLength).orElse(null);
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    /** This minus {@code base}, counter by counter (qlen and backlog are levels, kept as they are now). */
    public TcStats since(TcStats base) {
        return new TcStats(bytes - base.bytes, packets - base.packets, drops - base.drops,
                overlimits - base.overlimits, requeues - base.requeues, qlen, backlog);
    }

    /** e.g. {@code Sent 712 bytes 10 pkt (dropped 0, overlimits 0 requeues 0) backlog 0b 0p}, in tc's words. */
    @Override
    public String toString() {
        return "Sent " + bytes + " bytes " + packets + " pkt (dropped " + drops + ", overlimits " + overlimits
                + " requeues " + requeues + ") backlog " + backlog + "b " + qlen + "p";
    }
}
