package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import io.github.netnsjunit.netlink.sys.Errno;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Root qdiscs of one namespace over its route socket ({@code RTM_NEWQDISC}/{@code RTM_DELQDISC}/{@code
 * RTM_GETQDISC}), without a {@code tc} process. Requests are built by {@link #add}, {@link #replace} and
 * {@link #delete} into a {@link RequestBatch}, so that tests can compare them with {@code tc}'s bytes.
 */
public final class TrafficControl {
    /** A qdisc as the kernel lists it. */
    public record QdiscInfo(int ifindex, int handle, int parent, String kind) {
        /** True for the root qdisc of its link. */
        public boolean isRoot() {
            return parent == Tc.TC_H_ROOT;
        }
    }

    private final NetlinkSocket socket;

    /** Uses a NETLINK_ROUTE socket (it decides the namespace). */
    public TrafficControl(NetlinkSocket socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** Uses the namespace's route socket. */
    public static TrafficControl of(NamespaceHandle ns) {
        return new TrafficControl(ns.routeSocket());
    }

    /** {@code tc qdisc add dev LINK root QDISC} as a request: flags CREATE|EXCL (EEXIST if a root qdisc exists). */
    public static RequestBatch add(RequestBatch b, int ifindex, String link, Qdisc qdisc) {
        return b.add(Tc.RTM_NEWQDISC, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, describe("add", link, qdisc),
                w -> {
                    TcMsg.root(ifindex).write(w);
                    w.attrString(Tc.TCA_KIND, qdisc.kind());
                    int o = w.beginNest(Tc.TCA_OPTIONS);
                    qdisc.writeOptions(w);
                    w.endNest(o);
                });
    }

    /** {@code tc qdisc replace dev LINK root QDISC}: flags CREATE|REPLACE, whatever root qdisc was there. */
    public static RequestBatch replace(RequestBatch b, int ifindex, String link, Qdisc qdisc) {
        return b.add(Tc.RTM_NEWQDISC, Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE, describe("replace", link, qdisc),
                w -> {
                    TcMsg.root(ifindex).write(w);
                    w.attrString(Tc.TCA_KIND, qdisc.kind());
                    int o = w.beginNest(Tc.TCA_OPTIONS);
                    qdisc.writeOptions(w);
                    w.endNest(o);
                });
    }

    /** {@code tc qdisc del dev LINK root}. */
    public static RequestBatch delete(RequestBatch b, int ifindex, String link) {
        return b.add(Tc.RTM_DELQDISC, 0, "RTM_DELQDISC dev " + link + " root", w -> TcMsg.root(ifindex).write(w));
    }

    private static String describe(String verb, String link, Qdisc qdisc) {
        return "RTM_NEWQDISC (" + verb + ") dev " + link + " root " + qdisc;
    }

    /** Installs {@code qdisc} as the root qdisc of the link; EEXIST if it has one ({@code tc qdisc add}). */
    public void addRoot(int ifindex, String link, Qdisc qdisc) {
        add(socket.batch(), ifindex, link, qdisc).execute();
    }

    /** Installs {@code qdisc} as the root qdisc of the link, replacing any. */
    public void replaceRoot(int ifindex, String link, Qdisc qdisc) {
        replace(socket.batch(), ifindex, link, qdisc).execute();
    }

    /**
     * Puts {@code conditions} on the packets {@code match} selects and leaves the rest unshaped
     * ({@link SteeredConditions}), in place of whatever root qdisc the link had.
     */
    public void replaceSteered(int ifindex, String link, Qdisc conditions, TrafficMatch match) {
        deleteRoot(ifindex, link); // a new htb root over an old one of the same handle would keep its classes
        SteeredConditions.add(socket.batch(), ifindex, link, conditions, match).execute();
    }

    /**
     * Removes the link's root qdisc, going back to the kernel's default; nothing to remove is fine (the kernel
     * answers ENOENT, or EINVAL for the default qdisc, which has handle 0).
     */
    public void deleteRoot(int ifindex, String link) {
        try {
            delete(socket.batch(), ifindex, link).execute();
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENOENT && e.errno() != Errno.EINVAL) {
                throw e;
            }
        }
    }

    /** The qdiscs of one link and their counters ({@code tc -s qdisc show dev LINK}). */
    public List<TcStats.Entry> qdiscStats(int ifindex) {
        return TcStats.decode(socket.dump(Tc.RTM_GETQDISC, "RTM_GETQDISC dump (stats) ifindex " + ifindex,
                TcStats.request(ifindex)), Tc.RTM_NEWQDISC, ifindex);
    }

    /** The classes of one link and their counters ({@code tc -s class show dev LINK}). */
    public List<TcStats.Entry> classStats(int ifindex) {
        return TcStats.decode(socket.dump(TcStats.RTM_GETTCLASS, "RTM_GETTCLASS dump (stats) ifindex " + ifindex,
                TcStats.request(ifindex)), SteeredConditions.RTM_NEWTCLASS, ifindex);
    }

    /** Every qdisc of the namespace ({@code tc qdisc show}). */
    public List<QdiscInfo> qdiscs() {
        List<QdiscInfo> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Tc.RTM_GETQDISC, "RTM_GETQDISC dump", w -> new TcMsg(0, 0, 0, 0, 0).write(w))) {
            if (m.type() != Tc.RTM_NEWQDISC) {
                continue;
            }
            ByteBuffer p = m.payload();
            TcMsg h = TcMsg.parse(p.duplicate());
            Attributes a = m.attributes(TcMsg.LENGTH);
            out.add(new QdiscInfo(h.ifindex(), h.handle(), h.parent(), a.string(Tc.TCA_KIND)));
        }
        return out;
    }
}
