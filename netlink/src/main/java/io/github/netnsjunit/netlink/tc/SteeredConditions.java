package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.util.List;

/**
 * Conditions for part of a link's traffic, in the kernel: a root {@code htb} whose unclassified packets leave
 * unshaped, one class carrying the conditions' qdisc (netem, or tbf for a rate alone), and u32 filters steering the
 * matching packets to that class:
 * <pre>
 * tc qdisc add dev LINK root handle 1: htb
 * tc class add dev LINK parent 1: classid 1:1 htb rate 10gbit quantum 60000
 * tc qdisc add dev LINK parent 1:1 handle 10: netem ... | tbf ...
 * tc filter add dev LINK parent 1: protocol ip prio 1 u32 match ... flowid 1:1     (one per {@link TrafficMatch#u32Filters})
 * </pre>
 * The class's 10 Gbit/s only bounds what its own qdisc lets through (the conditions' rate is the leaf's); the
 * requests go in one batch, so the link is never half set up. This machine's kernel has htb and u32 but no
 * {@code prio}, so htb is the classful root here.
 */
public final class SteeredConditions {
    /** {@code RTM_NEWTCLASS}. */
    public static final int RTM_NEWTCLASS = 40;
    /** The root's handle, {@code 1:}. */
    public static final int ROOT = 0x0001_0000;
    /** The class carrying the conditions, {@code 1:1}. */
    public static final int CONDITIONS_CLASS = 0x0001_0001;
    /** The conditions' qdisc, {@code 10:}. */
    public static final int LEAF = 0x000A_0000;
    /** The class's rate: above what the conditions let through, below u32 bytes/s. */
    public static final long CLASS_RATE = 10_000_000_000L;
    /** The class's quantum: the kernel warns about a computed one above 200,000 bytes. */
    public static final int CLASS_QUANTUM = 60_000;
    private static final int FILTER_PRIO = 1;
    private static final int CREATE_EXCL = Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL;

    private SteeredConditions() {
    }

    /** The four kinds of request, for a link without a root qdisc of ours. */
    public static RequestBatch add(RequestBatch b, int ifindex, String link, Qdisc conditions, TrafficMatch match) {
        rootQdisc(b, ifindex, link, new Htb(0));
        htbClass(b, ifindex, link, ROOT, CONDITIONS_CLASS, new HtbClass(CLASS_RATE, CLASS_QUANTUM));
        childQdisc(b, ifindex, link, CONDITIONS_CLASS, LEAF, conditions);
        for (U32Filter f : filters(match)) {
            filter(b, ifindex, link, ROOT, f);
        }
        return b;
    }

    /** The u32 filters for a match, steering to {@link #CONDITIONS_CLASS}. */
    public static List<U32Filter> filters(TrafficMatch match) {
        return match.u32Filters(FILTER_PRIO, CONDITIONS_CLASS);
    }

    /** {@code tc qdisc add dev LINK root handle MAJOR: QDISC}. */
    public static RequestBatch rootQdisc(RequestBatch b, int ifindex, String link, Qdisc qdisc) {
        return qdisc(b, ifindex, link, Tc.TC_H_ROOT, ROOT, qdisc);
    }

    /** {@code tc qdisc add dev LINK parent CLASS handle H: QDISC}. */
    public static RequestBatch childQdisc(RequestBatch b, int ifindex, String link, int parent, int handle, Qdisc qdisc) {
        return qdisc(b, ifindex, link, parent, handle, qdisc);
    }

    private static RequestBatch qdisc(RequestBatch b, int ifindex, String link, int parent, int handle, Qdisc qdisc) {
        return b.add(Tc.RTM_NEWQDISC, CREATE_EXCL, "RTM_NEWQDISC (add) dev " + link + " parent " + id(parent)
                + " handle " + id(handle) + " " + qdisc, w -> {
                    new TcMsg(0, ifindex, handle, parent, 0).write(w);
                    w.attrString(Tc.TCA_KIND, qdisc.kind());
                    int o = w.beginNest(Tc.TCA_OPTIONS);
                    qdisc.writeOptions(w);
                    w.endNest(o);
                });
    }

    /** {@code tc class add dev LINK parent P classid C htb ...}. */
    public static RequestBatch htbClass(RequestBatch b, int ifindex, String link, int parent, int classId, HtbClass c) {
        return b.add(RTM_NEWTCLASS, CREATE_EXCL, "RTM_NEWTCLASS (add) dev " + link + " classid " + id(classId) + " "
                + c, w -> {
                    new TcMsg(0, ifindex, classId, parent, 0).write(w);
                    w.attrString(Tc.TCA_KIND, "htb");
                    int o = w.beginNest(Tc.TCA_OPTIONS);
                    c.writeOptions(w);
                    w.endNest(o);
                });
    }

    /** {@code tc filter add dev LINK parent P protocol ... prio N u32 ...}. */
    public static RequestBatch filter(RequestBatch b, int ifindex, String link, int parent, U32Filter f) {
        return b.add(U32Filter.RTM_NEWTFILTER, CREATE_EXCL, "RTM_NEWTFILTER (add) dev " + link + " parent "
                + id(parent) + " " + f, w -> {
                    new TcMsg(0, ifindex, 0, parent, f.info()).write(w);
                    w.attrString(Tc.TCA_KIND, "u32");
                    int o = w.beginNest(Tc.TCA_OPTIONS);
                    f.writeOptions(w);
                    w.endNest(o);
                });
    }

    private static String id(int handle) {
        return handle == Tc.TC_H_ROOT ? "root" : Integer.toHexString(handle >>> 16) + ":"
                + ((handle & 0xffff) == 0 ? "" : Integer.toHexString(handle & 0xffff));
    }
}
