package io.github.netnsjunit.junit;

import java.time.Duration;

/**
 * New conditions for one link, started by {@link NetNs#conditions(String)}: set what you need, then {@link #apply()}
 * replaces the link's conditions with exactly these (unset values are off). Mirrors {@link LinkConditions}:
 * <pre>{@code
 * ns1.conditions("veth1").delay(Duration.ofMillis(100)).loss(5).apply();
 * // ...
 * ns1.clearConditions("veth1");
 * }</pre>
 * Values are checked by {@link #apply()}, which throws {@link IllegalArgumentException} naming the value and the fix.
 * Not thread-safe; use one builder from one thread.
 */
public interface ConditionsBuilder {
    /** Added latency. */
    ConditionsBuilder delay(Duration delay);

    /** Random variation of the delay (uniform within ±jitter); needs a delay. */
    ConditionsBuilder jitter(Duration jitter);

    /** Percent of packets dropped, 0 to 100. */
    ConditionsBuilder loss(double percent);

    /** Percent of packets sent twice, 0 to 100. */
    ConditionsBuilder duplicate(double percent);

    /** Percent of packets sent at once ahead of the delayed ones, 0 to 100; needs a delay. */
    ConditionsBuilder reorder(double percent);

    /** Percent of packets with one bit flipped, 0 to 100. */
    ConditionsBuilder corrupt(double percent);

    /** Link rate in bits per second; 0 for none. */
    ConditionsBuilder rate(long bitsPerSecond);

    /** Queue length in packets; 0 for the default of {@link LinkConditions#limit()}. */
    ConditionsBuilder limit(int packets);

    /**
     * Also for packets leaving the veth peer, or arriving at a link without one (see
     * {@link LinkConditions#bothWays()}).
     */
    ConditionsBuilder bothWays(boolean bothWays);

    /** Non-zero for reproducible random choices. */
    ConditionsBuilder seed(long seed);

    /** Replaces the link's conditions with these; they hold until changed, cleared or the topology is torn down. */
    void apply();
}
