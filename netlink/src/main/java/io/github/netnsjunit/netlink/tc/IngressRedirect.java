package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import io.github.netnsjunit.netlink.sys.Errno;
import java.util.Objects;

/**
 * Everything that arrives on a link, handed to another link (an ifb) before the stack sees it, so that a qdisc on
 * the other link's egress shapes it: {@code tc qdisc add dev LINK handle ffff: ingress} and {@code tc filter add dev
 * LINK parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev IFB}; undone by {@code tc qdisc
 * del dev LINK ingress}, which takes the filter with it.
 *
 * <p>Why u32 and mirred: this kernel has {@code cls_u32} and {@code act_mirred} but neither {@code cls_matchall}
 * ("TC classifier not found") nor {@code act_gact} ("Failed to load TC action module"), tried live with tc 6.1; a
 * u32 key with mask 0 matches every packet. The requests are byte for byte what tc sent for those commands (strace,
 * {@code TcCodecTest}).
 */
public final class IngressRedirect {
    /** {@code RTM_NEWTFILTER} (linux/rtnetlink.h). */
    public static final int RTM_NEWTFILTER = 44;
    /** {@code TC_H_INGRESS}: the parent of the ingress qdisc. */
    public static final int TC_H_INGRESS = 0xFFFFFFF1;
    /** {@code ffff:}, the ingress qdisc's handle, which its filters name as their parent. */
    public static final int INGRESS_HANDLE = 0xFFFF0000;

    private static final int ETH_P_ALL = 0x0003;
    // linux/pkt_cls.h: TCA_U32_SEL, TCA_U32_ACT; TC_U32_TERMINAL; TCA_ACT_KIND, TCA_ACT_OPTIONS
    private static final int TCA_U32_SEL = 5;
    private static final int TCA_U32_ACT = 7;
    private static final int TC_U32_TERMINAL = 1;
    private static final int TCA_ACT_KIND = 1;
    private static final int TCA_ACT_OPTIONS = 2;
    // linux/tc_act/tc_mirred.h: TCA_MIRRED_PARMS, TCA_EGRESS_REDIR; linux/pkt_cls.h: TC_ACT_STOLEN
    private static final int TCA_MIRRED_PARMS = 2;
    private static final int TCA_EGRESS_REDIR = 1;
    private static final int TC_ACT_STOLEN = 4;

    private final NetlinkSocket socket;

    /** Uses a NETLINK_ROUTE socket (it decides the namespace). */
    public IngressRedirect(NetlinkSocket socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** Uses the namespace's route socket. */
    public static IngressRedirect of(NamespaceHandle ns) {
        return new IngressRedirect(ns.routeSocket());
    }

    /** {@code tc qdisc add dev LINK handle ffff: ingress} as a request (no TCA_OPTIONS, as tc sends it). */
    public static RequestBatch addIngress(RequestBatch b, int ifindex, String link) {
        return b.add(Tc.RTM_NEWQDISC, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, "RTM_NEWQDISC (add) dev " + link
                + " handle ffff: ingress", w -> ingress(w, ifindex));
    }

    /** {@code tc qdisc del dev LINK ingress} as a request. */
    public static RequestBatch deleteIngress(RequestBatch b, int ifindex, String link) {
        return b.add(Tc.RTM_DELQDISC, 0, "RTM_DELQDISC dev " + link + " ingress", w -> ingress(w, ifindex));
    }

    private static void ingress(MessageWriter w, int ifindex) {
        new TcMsg(0, ifindex, INGRESS_HANDLE, TC_H_INGRESS, 0).write(w);
        w.attrString(Tc.TCA_KIND, "ingress");
    }

    /**
     * {@code tc filter add dev LINK parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev
     * TARGET} as a request: every packet arriving on {@code ifindex} leaves {@code targetIndex} instead.
     */
    public static RequestBatch redirectAll(RequestBatch b, int ifindex, String link, int targetIndex, String target) {
        return b.add(RTM_NEWTFILTER, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, "RTM_NEWTFILTER dev " + link
                + " parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev " + target, w -> {
                    // tcm_info: priority 0 (the kernel picks one) in the high half, the protocol in network order low
                    new TcMsg(0, ifindex, 0, INGRESS_HANDLE, Short.toUnsignedInt(Short.reverseBytes((short) ETH_P_ALL)))
                            .write(w);
                    w.attrString(Tc.TCA_KIND, "u32");
                    int options = w.beginNest(Tc.TCA_OPTIONS);
                    int actions = w.beginNest(TCA_U32_ACT);
                    int first = w.beginNest(1); // the action's order in the list
                    w.attrString(TCA_ACT_KIND, "mirred");
                    int mirred = w.beginNest(TCA_ACT_OPTIONS | Netlink.NLA_F_NESTED);
                    int parms = w.beginNest(TCA_MIRRED_PARMS);
                    // struct tc_mirred: tc_gen (index, capab, action, refcnt, bindcnt), eaction, ifindex
                    w.u32(0).u32(0).u32(TC_ACT_STOLEN).u32(0).u32(0).u32(TCA_EGRESS_REDIR).u32(targetIndex);
                    w.endNest(parms);
                    w.endNest(mirred);
                    w.endNest(first);
                    w.endNest(actions);
                    int sel = w.beginNest(TCA_U32_SEL);
                    // struct tc_u32_sel: flags, offshift, nkeys, pad, offmask, off, offoff, hoff, hmask; then one
                    // struct tc_u32_key {mask 0, val 0, off 0, offmask 0}: matches every packet
                    w.u8(TC_U32_TERMINAL).u8(0).u8(1).u8(0).u16(0).u16(0).u16(0).u16(0).u32(0);
                    w.u32(0).u32(0).u32(0).u32(0);
                    w.endNest(sel);
                    w.endNest(options);
                });
    }

    /** Redirects everything arriving on the link to {@code target}'s egress. */
    public void redirect(int ifindex, String link, int targetIndex, String target) {
        redirectAll(addIngress(socket.batch(), ifindex, link), ifindex, link, targetIndex, target).execute();
    }

    /** Removes the ingress qdisc and its filters; nothing to remove (ENOENT, EINVAL) is fine. */
    public void remove(int ifindex, String link) {
        try {
            deleteIngress(socket.batch(), ifindex, link).execute();
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENOENT && e.errno() != Errno.EINVAL && e.errno() != Errno.ENODEV) {
                throw e;
            }
        }
    }
}
