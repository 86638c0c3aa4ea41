package io.github.netnsjunit.junit.internal.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal: netem's rules on link condition values, defined once for both ways of asking for conditions (the
 * {@code @LinkConditions} annotation, checked by {@link ConditionChecks}, and the mid-test
 * {@code NetNs.conditions(link)} builder). Each answers with what is wrong, typed; each path words it for its own
 * caller (an annotation attribute, or a call).
 *
 * <p>The rules are the kernel's and iproute2's: times, rates and limits are not negative; percentages are of packets,
 * 0 to 100 ({@code tc} refuses more); a rate below 8 bit/s is less than a byte per second, which netem and tbf cannot
 * keep; jitter and reordering act on delayed packets only, so they need a delay ({@code sch_netem.c}: reordered
 * packets are those sent at once instead of delayed; {@code tc} says "reordering not possible without specifying
 * some delay").
 */
public final class NetemRules {
    /** What is wrong with one value. */
    public enum Breach {
        /** Below zero. */
        NEGATIVE,
        /** A percentage above 100 (or not a number). */
        ABOVE_100,
        /** A rate above zero but below 8 bit/s. */
        BELOW_8_BITS
    }

    /** The smallest rate a queue can keep: one byte per second. */
    public static final long MIN_RATE_BITS = 8;

    private NetemRules() {
    }

    /** A delay or jitter in nanoseconds; null when fine. */
    public static Breach time(long nanos) {
        return nanos < 0 ? Breach.NEGATIVE : null;
    }

    /** A percentage of packets (loss, duplicate, reorder, corrupt, correlations); null when within 0..100. */
    public static Breach percent(double value) {
        if (value < 0) {
            return Breach.NEGATIVE;
        }
        return value <= 100 ? null : Breach.ABOVE_100;
    }

    /** A rate in bits per second, 0 for none; null when fine. */
    public static Breach rate(long bitsPerSecond) {
        if (bitsPerSecond < 0) {
            return Breach.NEGATIVE;
        }
        return bitsPerSecond > 0 && bitsPerSecond < MIN_RATE_BITS ? Breach.BELOW_8_BITS : null;
    }

    /** A queue limit in packets, 0 for the default; null when fine. */
    public static Breach limit(int packets) {
        return packets < 0 ? Breach.NEGATIVE : null;
    }

    /** The values set that need a delay while none is set: {@code "jitter"}, {@code "reorder"}, in that order. */
    public static List<String> needingDelay(long delayNanos, long jitterNanos, double reorder) {
        List<String> out = new ArrayList<>();
        if (delayNanos == 0) {
            if (jitterNanos != 0) {
                out.add("jitter");
            }
            if (reorder > 0) {
                out.add("reorder");
            }
        }
        return out;
    }
}
