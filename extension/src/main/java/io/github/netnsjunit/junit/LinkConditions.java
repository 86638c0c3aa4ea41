package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares network conditions on a link: delay, jitter, loss, duplication, reordering, corruption, a rate and a queue
 * limit, for packets leaving {@link #link()} (with {@link #bothWays()} also for packets leaving its veth peer).
 *
 * <p>Replaces {@code tc qdisc add dev veth1 root netem delay 50ms 5ms loss 1%} (and {@code tc qdisc add ... tbf rate
 * 10mbit ...}, Mininet's {@code TCLink(bw, delay, jitter, loss)}):
 * <pre>{@code
 * @LinkConditions(namespace = "ns1", link = "veth1", delay = "50ms", jitter = "5ms", loss = "1%", rate = "10mbit")
 * }</pre>
 * Values are written as {@code tc} users write them: times with {@code us}, {@code ms} or {@code s}; percentages
 * with {@code %}; rates with {@code bit}, {@code kbit}, {@code mbit} or {@code gbit} (decimal: 1 mbit = 10^6 bit/s).
 * Empty means "not set". Jitter and reorder need a delay, as in netem. Times range from 1 ns to 3600 s (one hour),
 * {@link #limit()} up to 1,000,000 packets; one link gets one {@code @LinkConditions} per element (class or
 * method), a second on the same element is refused.
 *
 * <p>Two engines give the same behaviour: {@code kernel} (netem and tbf qdiscs over rtnetlink) and
 * {@code userspace} (the link is built through a hidden middle namespace where a relay in the JVM applies the
 * conditions to every frame, for kernels without {@code sch_netem}; a rate alone is shaped by tbf on the sending end
 * there too, and the relay holds at most 32 MiB of frames per direction, dropping and counting the rest); see
 * {@link NetnsConfig#CONDITIONS_ENGINE}.
 * Conditions can be changed in the test with {@link NetNs#conditions(String)}; under the userspace engine a link
 * must be declared here (possibly with no values) for that. When declared on the class and on the method for the
 * same link, the later one (the method's) replaces the earlier.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(LinkConditionsList.class)
@ExtendWith(NetnsExtension.class)
public @interface LinkConditions {

    /** The namespace of the link: a {@link NetNamespace} of the test. */
    String namespace();

    /** The link, a veth end declared in {@link #namespace()}; conditions apply to packets leaving it. */
    String link();

    /** Added latency, e.g. {@code "50ms"}; empty for none. */
    String delay() default "";

    /** Random variation of the delay, uniform within ±jitter, e.g. {@code "5ms"}; needs a delay. */
    String jitter() default "";

    /** Share of packets dropped, e.g. {@code "1%"}. */
    String loss() default "";

    /** Share of packets sent twice, e.g. {@code "2%"}. */
    String duplicate() default "";

    /** Share of packets sent at once, ahead of the delayed others, e.g. {@code "25%"}; needs a delay. */
    String reorder() default "";

    /** Share of packets with one bit flipped, e.g. {@code "0.1%"}. */
    String corrupt() default "";

    /** Link rate, e.g. {@code "10mbit"}. */
    String rate() default "";

    /**
     * Queue length in packets; packets beyond it are dropped. 0 (the default) chooses
     * {@code max(1000, 2 × rate × (delay + jitter) / 1514 bytes)}, the rate being 10 Gbit/s when none is set, so that
     * the queue never drops silently what the delay holds back (netem's own 1000 would above ~12 Mbit/s at 1 s).
     */
    int limit() default 0;

    /**
     * Also apply the same conditions to packets coming the other way (a whole-link condition): on a veth end, to
     * packets leaving its veth peer; on a link without a peer (a bridge, a macvlan, a VXLAN link), to packets
     * arriving at it, which the kernel engine redirects to an internal {@code ifb} link named {@code nji-IFINDEX}
     * and shapes there (the userspace relay carries veth pairs only).
     */
    boolean bothWays() default false;

    /**
     * Non-zero makes every random choice (loss, duplicate, reorder, corrupt, jitter) reproducible: the same traffic
     * run twice loses the same packets. 0 (the default) seeds randomly.
     */
    long seed() default 0;
}
