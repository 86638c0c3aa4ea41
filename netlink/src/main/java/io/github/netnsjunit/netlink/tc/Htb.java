package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * The hierarchical token bucket qdisc ({@code htb}) as a root whose classes hold other qdiscs: {@code tc qdisc add
 * dev LINK root handle 1: htb [default N]}. Its {@code TCA_OPTIONS} is {@code TCA_HTB_INIT} = {@code struct
 * tc_htb_glob {u32 version = 3, rate2quantum = 10, defcls, debug = 0, direct_pkts = 0}}, as iproute2 6.1 sends it.
 * With {@code defcls} 0, packets no filter classifies bypass every class (htb's direct queue,
 * {@code sch_htb.c}: {@code htb_classify} returns {@code HTB_DIRECT} when the default class does not exist), so
 * they leave unshaped.
 *
 * @param defaultClass minor number of the class for unclassified packets; 0 sends them straight out
 */
public record Htb(int defaultClass) implements Qdisc {
    public static final int TCA_HTB_PARMS = 1;
    public static final int TCA_HTB_INIT = 2;
    public static final int TCA_HTB_CTAB = 3;
    public static final int TCA_HTB_RTAB = 4;
    public static final int TCA_HTB_RATE64 = 6;
    public static final int TCA_HTB_CEIL64 = 7;
    private static final int VERSION = 3;
    private static final int RATE_TO_QUANTUM = 10;

    @Override
    public String kind() {
        return "htb";
    }

    @Override
    public void writeOptions(MessageWriter w) {
        int init = w.beginNest(TCA_HTB_INIT);
        w.u32(VERSION).u32(RATE_TO_QUANTUM).u32(defaultClass).u32(0).u32(0);
        w.endNest(init);
    }

    @Override
    public String toString() {
        return "htb default " + defaultClass;
    }
}
