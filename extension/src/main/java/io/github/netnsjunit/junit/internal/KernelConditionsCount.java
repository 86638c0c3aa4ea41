package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.Hits;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.tc.SteeredConditions;
import io.github.netnsjunit.netlink.tc.Tc;
import io.github.netnsjunit.netlink.tc.TcStats;
import io.github.netnsjunit.netlink.tc.TrafficControl;

/**
 * Internal: what the kernel engine's conditions on one link handled so far, from the kernel's own counters
 * ({@code tc -s qdisc show} / {@code tc -s class show}): the root qdisc carrying them (netem, or tbf for a rate
 * alone), or for filtered conditions the htb class {@code 1:1} the u32 filters steer the selected packets to (the
 * rest go through htb's direct queue, which that class does not count).
 *
 * <p>A packet met the conditions when the qdisc sent it, dropped it, or holds it now: packets are sent + dropped +
 * queued. Bytes are sent + queued (the kernel keeps no byte count of drops); each packet counts its whole Ethernet
 * frame ({@code qdisc_pkt_len}, as {@code tcpdump} on the link reports its length).
 */
final class KernelConditionsCount {
    private KernelConditionsCount() {
    }

    /** The counts now; zero when the link has no qdisc (or class) of ours. */
    static Hits read(NamespaceHandle ns, int ifindex, boolean filtered) {
        TrafficControl tc = TrafficControl.of(ns);
        TcStats s = (filtered
                ? tc.classStats(ifindex).stream().filter(e -> e.header().handle() == SteeredConditions.CONDITIONS_CLASS)
                : tc.qdiscStats(ifindex).stream().filter(e -> e.header().parent() == Tc.TC_H_ROOT))
                .map(TcStats.Entry::stats).findFirst().orElse(TcStats.ZERO);
        return new Hits(s.packets() + s.drops() + s.qlen(), s.bytes() + s.backlog(), 0);
    }
}
