package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code netem} qdisc: delay with jitter, loss, duplication, reordering, corruption, a rate and a queue limit.
 *
 * <p>Its {@code TCA_OPTIONS} is not a plain nest ({@code net/sched/sch_netem.c}, {@code parse_attr}): it starts with
 * {@code struct tc_netem_qopt {u32 latency, limit, loss, gap, duplicate, jitter}} (24 bytes; latency and jitter in
 * psched ticks, probabilities as u32 fractions of {@code 2^32 - 1}), followed by netem attributes. The attributes are
 * written in the order iproute2 6.1 writes them ({@code CORR, REORDER, CORRUPT, RATE}), so that a request equals
 * {@code tc}'s byte for byte; with {@code times64} the nanosecond {@code TCA_NETEM_LATENCY64}/{@code JITTER64} follow
 * the struct (the kernel then ignores the struct's tick values, which lose precision and overflow past 274 s), and a
 * non-zero seed is sent as {@code TCA_NETEM_PRNG_SEED} (kernel 5.19+) last.
 *
 * @param delayNanos           added latency
 * @param jitterNanos          random variation of the latency (needs a delay)
 * @param delayCorrelation     percent correlation of successive delays
 * @param loss                 percent of packets dropped
 * @param lossCorrelation      percent correlation of successive losses
 * @param duplicate            percent of packets sent twice
 * @param duplicateCorrelation percent correlation of successive duplications
 * @param reorder              percent of packets sent at once, ahead of the delayed ones (needs a delay)
 * @param corrupt              percent of packets with one bit flipped
 * @param rateBitsPerSecond    link rate, 0 for none
 * @param limit                queue length in packets (netem's own default is 1000)
 * @param seed                 seed of netem's random generator, 0 for a random one
 * @param times64              send the 64-bit nanosecond times as well
 * @param burstLoss            Gilbert-Elliott burst loss ({@code loss gemodel}), null for none; replaces {@code loss}
 *                             in the kernel (netem has one loss model), so set one or the other
 */
public record Netem(long delayNanos, long jitterNanos, double delayCorrelation, double loss, double lossCorrelation,
                    double duplicate, double duplicateCorrelation, double reorder, double corrupt,
                    long rateBitsPerSecond, int limit, long seed, boolean times64, GilbertElliott burstLoss)
        implements Qdisc {
    public static final int TCA_NETEM_CORR = 1;
    public static final int TCA_NETEM_REORDER = 3;
    public static final int TCA_NETEM_CORRUPT = 4;
    public static final int TCA_NETEM_RATE = 6;
    public static final int TCA_NETEM_RATE64 = 8;
    public static final int TCA_NETEM_LATENCY64 = 10;
    public static final int TCA_NETEM_JITTER64 = 11;
    public static final int TCA_NETEM_PRNG_SEED = 14;
    /** netem's default queue length ({@code sch_netem.c}: {@code q->limit = 1000}). */
    public static final int DEFAULT_LIMIT = 1000;
    /** Length of {@code struct tc_netem_qopt}. */
    public static final int QOPT_LENGTH = 24;

    /** Checks the values netem itself would refuse. */
    public Netem {
        if (delayNanos < 0 || jitterNanos < 0 || rateBitsPerSecond < 0 || limit < 0) {
            throw new IllegalArgumentException("netem times, rate and limit must not be negative");
        }
        for (double p : new double[] {delayCorrelation, loss, lossCorrelation, duplicate, duplicateCorrelation, reorder,
                corrupt}) {
            if (!(p >= 0 && p <= 100)) {
                throw new IllegalArgumentException("netem percentages must be within 0..100, not " + p);
            }
        }
        if ((jitterNanos > 0 || reorder > 0) && delayNanos == 0) {
            throw new IllegalArgumentException("netem needs a delay for jitter and reordering");
        }
        if (burstLoss != null && loss > 0) {
            throw new IllegalArgumentException("netem has one loss model: a loss percentage or gemodel, not both");
        }
    }

    /** Without burst loss. */
    public Netem(long delayNanos, long jitterNanos, double delayCorrelation, double loss, double lossCorrelation,
            double duplicate, double duplicateCorrelation, double reorder, double corrupt, long rateBitsPerSecond,
            int limit, long seed, boolean times64) {
        this(delayNanos, jitterNanos, delayCorrelation, loss, lossCorrelation, duplicate, duplicateCorrelation, reorder,
                corrupt, rateBitsPerSecond, limit, seed, times64, null);
    }

    /** The same with Gilbert-Elliott burst loss instead of a loss percentage (null for none). */
    public Netem withBurstLoss(GilbertElliott model) {
        return new Netem(delayNanos, jitterNanos, delayCorrelation, model != null ? 0 : loss, lossCorrelation, duplicate,
                duplicateCorrelation, reorder, corrupt, rateBitsPerSecond, limit, seed, times64, model);
    }

    /** Only a delay, with the 64-bit times. */
    public static Netem delay(long delayNanos) {
        return new Netem(delayNanos, 0, 0, 0, 0, 0, 0, 0, 0, 0, DEFAULT_LIMIT, 0, true);
    }

    @Override
    public String kind() {
        return "netem";
    }

    @Override
    public void writeOptions(MessageWriter w) {
        long maxU32 = 0xFFFFFFFFL;
        w.u32((int) Math.min(maxU32, Tc.ticks(delayNanos / 1000)));
        w.u32(limit);
        w.u32(Tc.probability(loss));
        w.u32(reorder > 0 ? 1 : 0); // gap: iproute2 sets 1 with reorder ("every packet may be reordered")
        w.u32(Tc.probability(duplicate));
        w.u32((int) Math.min(maxU32, Tc.ticks(jitterNanos / 1000)));
        if (times64) {
            s64(w, TCA_NETEM_LATENCY64, delayNanos);
            s64(w, TCA_NETEM_JITTER64, jitterNanos);
        }
        if (delayCorrelation > 0 || lossCorrelation > 0 || duplicateCorrelation > 0) {
            int a = w.beginNest(TCA_NETEM_CORR);
            w.u32(Tc.probability(delayCorrelation)).u32(Tc.probability(lossCorrelation))
                    .u32(Tc.probability(duplicateCorrelation));
            w.endNest(a);
        }
        if (reorder > 0) {
            int a = w.beginNest(TCA_NETEM_REORDER);
            w.u32(Tc.probability(reorder)).u32(0);
            w.endNest(a);
        }
        if (corrupt > 0) {
            int a = w.beginNest(TCA_NETEM_CORRUPT);
            w.u32(Tc.probability(corrupt)).u32(0);
            w.endNest(a);
        }
        if (burstLoss != null) { // iproute2 writes the loss model after CORRUPT, before RATE
            burstLoss.write(w);
        }
        if (rateBitsPerSecond > 0) {
            long bytes = rateBitsPerSecond / 8;
            int a = w.beginNest(TCA_NETEM_RATE);
            // struct tc_netem_rate {u32 rate; s32 packet_overhead; u32 cell_size; s32 cell_overhead}
            w.u32((int) Math.min(bytes, maxU32)).u32(0).u32(0).u32(0);
            w.endNest(a);
            if (bytes >= maxU32) {
                u64(w, TCA_NETEM_RATE64, bytes);
            }
        }
        if (seed != 0) {
            u64(w, TCA_NETEM_PRNG_SEED, seed);
        }
    }

    private static void s64(MessageWriter w, int type, long value) {
        u64(w, type, value);
    }

    private static void u64(MessageWriter w, int type, long value) {
        // host byte order, as the kernel reads it with nla_get_u64/s64
        w.attr(type, java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putLong(value).array());
    }

    @Override
    public String toString() {
        List<String> p = new ArrayList<>();
        if (delayNanos > 0) {
            p.add("delay " + time(delayNanos) + (jitterNanos > 0 ? " " + time(jitterNanos) : "")
                    + (delayCorrelation > 0 ? " " + pct(delayCorrelation) : ""));
        }
        if (loss > 0) {
            p.add("loss " + pct(loss) + (lossCorrelation > 0 ? " " + pct(lossCorrelation) : ""));
        }
        if (burstLoss != null) {
            p.add(burstLoss.toString());
        }
        if (duplicate > 0) {
            p.add("duplicate " + pct(duplicate));
        }
        if (reorder > 0) {
            p.add("reorder " + pct(reorder));
        }
        if (corrupt > 0) {
            p.add("corrupt " + pct(corrupt));
        }
        if (rateBitsPerSecond > 0) {
            p.add("rate " + Tbf.rateText(rateBitsPerSecond));
        }
        p.add("limit " + limit);
        if (seed != 0) {
            p.add("seed " + seed);
        }
        return "netem " + String.join(" ", p);
    }

    static String time(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return String.format(Locale.ROOT, "%.3fms", nanos / 1e6).replaceAll("0+ms$", "ms");
    }

    static String pct(double p) {
        return (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + "%";
    }
}
