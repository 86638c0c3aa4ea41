package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * The token bucket filter ({@code tbf}): shapes a link to a rate, with a bucket of {@code burst} bytes and a queue
 * of {@code limit} bytes.
 *
 * <p>{@code TCA_OPTIONS} holds {@code TCA_TBF_PARMS} = {@code struct tc_tbf_qopt {tc_ratespec rate, peakrate;
 * u32 limit, buffer, mtu}} ({@code tc_ratespec} = {@code u8 cell_log, u8 linklayer, u16 overhead, s16 cell_align,
 * u16 mpu, u32 rate} in bytes/s; {@code buffer} = the time to send {@code burst} at the rate, in psched ticks), then
 * {@code TCA_TBF_BURST} and the 256-entry rate table {@code TCA_TBF_RTAB}, in the order and with the values iproute2
 * 6.1 computes ({@code tc_calc_rtable} for an MTU of 2047), so that a request equals {@code tc}'s byte for byte.
 * Kernels since 3.13 compute the rate themselves ({@code psched_ratecfg_precompute}) and only check the table's
 * size, but older ones still use it. Rates of 2^32 bytes/s and more go in {@code TCA_TBF_RATE64}.
 *
 * @param rateBitsPerSecond the rate
 * @param burstBytes        the bucket size: bytes that may leave at once
 * @param limitBytes        bytes that may wait in the queue; more are dropped
 */
public record Tbf(long rateBitsPerSecond, int burstBytes, int limitBytes) implements Qdisc {
    public static final int TCA_TBF_PARMS = 1;
    public static final int TCA_TBF_RTAB = 2;
    public static final int TCA_TBF_RATE64 = 4;
    public static final int TCA_TBF_BURST = 6;
    /** {@code TC_LINKLAYER_ETHERNET}. */
    private static final int LINKLAYER_ETHERNET = 1;
    /** iproute2's MTU for the rate table when none is given. */
    private static final int TABLE_MTU = 2047;

    /** Checks the values tbf would refuse. */
    public Tbf {
        if (rateBitsPerSecond < 8 || burstBytes <= 0 || limitBytes <= 0) {
            throw new IllegalArgumentException("tbf needs a rate of at least 8 bit/s, a burst and a limit");
        }
    }

    @Override
    public String kind() {
        return "tbf";
    }

    @Override
    public void writeOptions(MessageWriter w) {
        long bytesPerSecond = rateBitsPerSecond / 8;
        int cellLog = 0;
        while ((TABLE_MTU >> cellLog) > 255) {
            cellLog++;
        }
        int parms = w.beginNest(TCA_TBF_PARMS);
        // rate: cell_log, linklayer, overhead, cell_align -1, mpu, rate
        w.u8(cellLog).u8(LINKLAYER_ETHERNET).u16(0).u16(0xFFFF).u16(0)
                .u32((int) Math.min(bytesPerSecond, 0xFFFFFFFFL));
        w.zeros(12); // no peak rate
        w.u32(limitBytes);
        w.u32((int) transmitTicks(bytesPerSecond, burstBytes));
        w.u32(0); // mtu: only with a peak rate
        w.endNest(parms);
        if (bytesPerSecond >= 0xFFFFFFFFL) {
            w.attr(TCA_TBF_RATE64, java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder())
                    .putLong(bytesPerSecond).array());
        }
        w.attrU32(TCA_TBF_BURST, burstBytes);
        int table = w.beginNest(TCA_TBF_RTAB);
        for (int i = 0; i < 256; i++) {
            w.u32((int) transmitTicks(bytesPerSecond, (i + 1) << cellLog));
        }
        w.endNest(table);
    }

    /**
     * iproute2's {@code tc_calc_xmittime}: ticks to send {@code size} bytes at the rate. The time is truncated to
     * whole microseconds first ({@code tc_core_time2tick} takes an unsigned), then to whole ticks: 1992 bytes at
     * 1 MB/s are 1991.99999 µs in floating point, so 1991 µs, so 31109 ticks, as tc sends.
     */
    static long transmitTicks(long bytesPerSecond, long size) {
        return Tc.ticks((long) (1_000_000.0 * ((double) size / bytesPerSecond)));
    }

    @Override
    public String toString() {
        return "tbf rate " + rateText(rateBitsPerSecond) + " burst " + burstBytes + "b limit " + limitBytes + "b";
    }

    /** A rate as tc writes it: {@code 8Mbit}, {@code 10Kbit}, {@code 123bit}. */
    static String rateText(long bits) {
        if (bits % 1_000_000_000L == 0) {
            return bits / 1_000_000_000L + "Gbit";
        }
        if (bits % 1_000_000L == 0) {
            return bits / 1_000_000L + "Mbit";
        }
        if (bits % 1000 == 0) {
            return bits / 1000 + "Kbit";
        }
        return bits + "bit";
    }
}
