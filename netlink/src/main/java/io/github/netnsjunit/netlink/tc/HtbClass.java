package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * One {@code htb} class with a rate equal to its ceiling: {@code tc class add dev LINK parent 1: classid 1:1 htb rate
 * RATE quantum Q}. {@code TCA_OPTIONS} holds {@code TCA_HTB_PARMS} = {@code struct tc_htb_opt {tc_ratespec rate,
 * ceil; u32 buffer, cbuffer, quantum, level, prio}} (44 bytes), then the rate and ceiling tables
 * ({@code TCA_HTB_RTAB}, {@code TCA_HTB_CTAB}, 256 u32 each) as iproute2 6.1's {@code q_htb.c} computes them: an MTU
 * of 1600 (so a cell_log of 3), and a bucket of {@code rate / HZ + mtu} bytes, HZ being the psched clock's
 * resolution, 10^9 on a high-resolution kernel ({@code /proc/net/psched} ends in {@code 3b9aca00} here), so one
 * MTU plus a byte per Gbit/s. Rates of 2^32 bytes/s and more go in {@code TCA_HTB_RATE64}/{@code CEIL64} first.
 *
 * @param rateBitsPerSecond the class's rate and ceiling
 * @param quantum           bytes served per round (given, so that the kernel does not warn about a large one)
 */
public record HtbClass(long rateBitsPerSecond, int quantum) {
    private static final int MTU = 1600;
    private static final long HZ = 1_000_000_000L;
    private static final int LINKLAYER_ETHERNET = 1;

    /** Writes {@code TCA_OPTIONS}' content. */
    public void writeOptions(MessageWriter w) {
        long bytes = rateBitsPerSecond / 8;
        int cellLog = 0;
        while ((MTU >> cellLog) > 255) {
            cellLog++;
        }
        long bucket = bytes / HZ + MTU;
        if (bytes >= 1L << 32) {
            w.attr(Htb.TCA_HTB_RATE64, le64(bytes));
            w.attr(Htb.TCA_HTB_CEIL64, le64(bytes));
        }
        int parms = w.beginNest(Htb.TCA_HTB_PARMS);
        for (int i = 0; i < 2; i++) { // rate, then ceil
            w.u8(cellLog).u8(LINKLAYER_ETHERNET).u16(0).u16(0xFFFF).u16(0).u32((int) Math.min(bytes, 0xFFFFFFFFL));
        }
        int ticks = (int) Tbf.transmitTicks(bytes, bucket);
        w.u32(ticks).u32(ticks).u32(quantum).u32(0).u32(0);
        w.endNest(parms);
        for (int type : new int[] {Htb.TCA_HTB_RTAB, Htb.TCA_HTB_CTAB}) {
            int table = w.beginNest(type);
            for (int i = 0; i < 256; i++) {
                w.u32((int) Tbf.transmitTicks(bytes, (long) (i + 1) << cellLog));
            }
            w.endNest(table);
        }
    }

    private static byte[] le64(long v) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(v).array();
    }

    @Override
    public String toString() {
        return "htb rate " + Tbf.rateText(rateBitsPerSecond) + " quantum " + quantum;
    }
}
