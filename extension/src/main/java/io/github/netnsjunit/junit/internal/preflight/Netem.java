package io.github.netnsjunit.junit.internal.preflight;

import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;

/**
 * Internal: the one tc request the preflight needs, {@code tc qdisc add dev IFINDEX root netem limit 1000}, to learn
 * whether the kernel has sch_netem. Without the module the kernel answers ENOENT with "Error: Specified qdisc kind is
 * unknown." (include/uapi/linux/rtnetlink.h: RTM_NEWQDISC 36, struct tcmsg; pkt_sched.h: struct tc_netem_qopt,
 * which netem requires, EINVAL without it).
 */
final class Netem {
    private static final int RTM_NEWQDISC = 36;
    private static final int TCA_KIND = 1;
    private static final int TCA_OPTIONS = 2;
    private static final int TC_H_ROOT = 0xFFFFFFFF;
    private static final int AF_UNSPEC = 0;

    private Netem() {
    }

    static void addRoot(NetlinkSocket socket, int ifindex) {
        socket.execute(RTM_NEWQDISC, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, "RTM_NEWQDISC root netem on ifindex " + ifindex, w -> {
            // struct tcmsg: family, 3 pad bytes, ifindex, handle, parent, info
            w.u8(AF_UNSPEC).u8(0).u16(0).u32(ifindex).u32(0).u32(TC_H_ROOT).u32(0);
            w.attrString(TCA_KIND, "netem");
            // struct tc_netem_qopt: latency, limit, loss, gap, duplicate, jitter (u32 each)
            w.attr(TCA_OPTIONS, new byte[] {0, 0, 0, 0, (byte) 0xe8, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0});
        });
    }
}
