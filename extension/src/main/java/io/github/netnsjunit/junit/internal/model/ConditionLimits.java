package io.github.netnsjunit.junit.internal.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Internal: the largest and smallest values conditions accept, the same for {@code @LinkConditions}, the builder and
 * {@code NetNs.conditions(...)}. Without them a value overflowed on its way to the kernel instead of being refused:
 * {@code "18446744073.759551616s"} wrapped to 50 ms in netem's 64-bit nanoseconds, {@code "10000000000s"} became
 * negative, {@code Duration.ofDays(365000).toNanos()} threw {@code ArithmeticException}, and a limit of
 * {@code Integer.MAX_VALUE} packets overflowed tbf's queue in bytes.
 */
public final class ConditionLimits {
    /** The longest delay or jitter: one hour (no test waits longer for a packet). */
    public static final long MAX_TIME_NANOS = 3_600_000_000_000L;
    /** The longest time, as written in messages. */
    public static final String MAX_TIME = "3600s (one hour)";
    /** The longest queue: 1,000,000 packets (also the most the default limit chooses). */
    public static final int MAX_LIMIT = 1_000_000;

    private ConditionLimits() {
    }

    /** What is wrong with a time of {@code nanos} nanoseconds (exact), as "is ..., which ... Fix." text; empty if fine. */
    static Optional<String> time(String written, BigDecimal nanos) {
        if (nanos.compareTo(BigDecimal.valueOf(MAX_TIME_NANOS)) > 0) {
            return Optional.of("is " + written + ", longer than the longest time conditions accept, " + MAX_TIME
                    + ". Write a shorter time, e.g. \"50ms\".");
        }
        if (nanos.signum() > 0 && nanos.compareTo(BigDecimal.ONE) < 0) {
            return Optional.of("is " + written + ", shorter than 1 ns, the finest time netem has. Write at least"
                    + " \"0.001us\" (1 ns), or leave it empty for none.");
        }
        return Optional.empty();
    }

    /** The same for a {@link Duration} given to the builder of conditions. */
    public static Optional<String> time(Duration value) {
        BigDecimal nanos = BigDecimal.valueOf(value.getSeconds()).multiply(BigDecimal.valueOf(1_000_000_000L))
                .add(BigDecimal.valueOf(value.getNano()));
        return time(value.toString(), nanos);
    }

    /** What is wrong with a queue limit; empty if fine (negative limits have their own message). */
    public static Optional<String> limit(int packets) {
        return packets > MAX_LIMIT ? Optional.of("is " + packets + ", more than the longest queue conditions accept, "
                + MAX_LIMIT + " packets. Use 0 for the default, or a queue length up to " + MAX_LIMIT + ".")
                : Optional.empty();
    }
}
