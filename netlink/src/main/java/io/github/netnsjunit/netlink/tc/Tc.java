package io.github.netnsjunit.netlink.tc;

/**
 * Traffic-control constants of rtnetlink ({@code linux/rtnetlink.h}, {@code linux/pkt_sched.h}), and the clock the
 * qdiscs count in.
 */
public final class Tc {
    public static final int RTM_NEWQDISC = 36;
    public static final int RTM_DELQDISC = 37;
    public static final int RTM_GETQDISC = 38;

    public static final int TCA_KIND = 1;
    public static final int TCA_OPTIONS = 2;

    /** {@code TC_H_ROOT}: the parent of a root qdisc. */
    public static final int TC_H_ROOT = 0xFFFFFFFF;

    /**
     * Psched ticks per microsecond. The kernel counts qdisc times in 64 ns ticks ({@code PSCHED_SHIFT} 6 in
     * {@code net/pkt_sched.h}, fixed since 2.6.x); {@code /proc/net/psched} reads {@code 000003e8 00000040 000f4240}
     * here, from which iproute2 derives the same 1000 / 64 = 15.625.
     */
    public static final double TICKS_PER_MICROSECOND = 1000.0 / 64;

    private Tc() {
    }

    /** Microseconds to psched ticks, truncated as iproute2's {@code tc_core_time2tick} does. */
    public static long ticks(double microseconds) {
        return (long) (microseconds * TICKS_PER_MICROSECOND);
    }

    /**
     * A probability in percent (0..100) as the u32 fraction of {@code 2^32 - 1} netem expects, rounded to nearest
     * (half to even) like iproute2's {@code get_percent}: 1 % is {@code 0x028f5c29}.
     */
    public static int probability(double percent) {
        return (int) (long) Math.rint(percent / 100.0 * 0xFFFFFFFFL);
    }
}
