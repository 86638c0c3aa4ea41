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

    /**
     * Link rate in bits per second of whole Ethernet frames, headers included (see {@link LinkConditions#rate()}:
     * 1 Mbit/s moves 1,000,000 bytes of HTTP in about 8.4 s); 0 for none.
     */
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

    /**
     * Burst loss (Gilbert-Elliott, netem's {@code loss gemodel p r}): percent chance to enter a burst and to leave
     * it; every packet of a burst is lost, none outside. Bursts last {@code 100 / r} packets on average. Instead of
     * {@link #loss(double)}.
     */
    ConditionsBuilder burstLoss(double p, double r);

    /** Burst loss with the loss inside ({@code 1-h}) and outside ({@code 1-k}) bursts given, all in percent. */
    ConditionsBuilder burstLoss(double p, double r, double lossInBurst, double lossOutside);

    /** Only packets to this address or prefix, e.g. {@code "10.0.0.0/24"} (with both ways, their answers too). */
    ConditionsBuilder to(String prefix);

    /** Only packets from this address or prefix (with both ways, their answers too). */
    ConditionsBuilder from(String prefix);

    /** Only packets of this protocol. */
    ConditionsBuilder protocol(LinkConditions.Protocol protocol);

    /** Only packets with this source or destination port (TCP or UDP unless a protocol is set); 0 for any. */
    ConditionsBuilder port(int port);

    /** Only packets to this destination port (with both ways, their answers too); 0 for any. */
    ConditionsBuilder toPort(int port);

    /** Only packets from this source port (with both ways, their answers too); 0 for any. */
    ConditionsBuilder fromPort(int port);

    /**
     * Which packets of the link: leaving (the default), arriving (the conditions go on the veth peer; clear them with
     * {@code clearConditions} of this link), or both (as {@link #bothWays(boolean) bothWays(true)}).
     */
    ConditionsBuilder direction(LinkConditions.Direction direction);

    /** Replaces the link's conditions with these; they hold until changed, cleared or the topology is torn down. */
    void apply();
}
