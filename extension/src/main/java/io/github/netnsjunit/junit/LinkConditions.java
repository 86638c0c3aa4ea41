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
 *
 * <p><b>Part of the traffic.</b> {@link #to()}, {@link #from()}, {@link #protocol()}, {@link #port()},
 * {@link #toPort()} and {@link #fromPort()} limit the conditions to the packets they select; the rest pass
 * unconditioned (ARP and neighbour discovery included). For instance only the connections to a server's port 8080:
 * <pre>{@code
 * @LinkConditions(namespace = "client", link = "veth0", delay = "100ms", protocol = Protocol.TCP, port = 8080,
 *                 direction = Direction.BOTH)
 * }</pre>
 * The kernel engine puts an {@code htb} root on the link with one class carrying the netem (or tbf) qdisc and
 * {@code u32} filters steering the selected packets to it; the userspace relay classifies each frame before
 * deciding its fate. Ports are read from IPv4 packets without IP options and IPv6 packets whose transport header
 * follows the fixed header (what the kernel's stacks send), from the first fragment only.
 *
 * <p><b>Rates count whole frames.</b> {@link #rate()} is in bits of Ethernet frames on the wire, headers included
 * (Ethernet 14 bytes, IP 20, TCP 20 plus 12 of timestamp options), as the kernel's tbf and netem count them: a TCP
 * segment of 1448 bytes of data is a 1514-byte frame, so {@code rate = "1mbit"} moves 1,000,000 bytes of HTTP body
 * in about 8.4 s, not 8.0 s (measured: 8.33 to 8.42 s), and data goes at about 95.6 % of the rate (1448 / 1514).
 *
 * <p>Conditions can be changed in the test with {@link NetNs#conditions(String)}; under the userspace engine a link
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

    /**
     * Link rate, e.g. {@code "10mbit"}: bits of whole Ethernet frames per second, headers included (a 1448-byte TCP
     * payload is a 1514-byte frame), so {@code "1mbit"} moves 1,000,000 bytes of HTTP in about 8.4 s.
     */
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
     * run twice loses the same packets. 0 (the default) seeds randomly. On the userspace engine a TCP segment's fate
     * follows from what it is in its connection (the connection's service port and rank, the direction, the sequence
     * number relative to the first, the length, and how often this segment was seen: a retransmission is decided
     * anew), not from when it arrived, so the same TCP exchanges are hit on every run despite TCP's timing-dependent
     * ACKs and retransmissions (six runs of 200 request/response exchanges at 5 % loss slow the same exchanges).
     */
    long seed() default 0;

    /**
     * Burst loss after Gilbert and Elliott, as netem's {@code loss gemodel p r [1-h [1-k]]} (percentages): the
     * chance to enter a burst, the chance to leave it, and optionally the loss inside a burst (default 100%) and
     * outside (default 0%). Bursts last {@code 1/r} packets on average; {@code "1% 20%"} loses 4.8 % in bursts of 5.
     * Instead of {@link #loss()}, not with it.
     */
    String burstLoss() default "";

    /**
     * Only packets to this address or prefix (their destination), e.g. {@code "10.0.0.0/24"} or {@code "10.0.0.2"};
     * with {@link Direction#BOTH}, the packets coming back from it too.
     */
    String to() default "";

    /** Only packets from this address or prefix (their source); with {@link Direction#BOTH}, the answers too. */
    String from() default "";

    /** Only packets of this protocol. */
    Protocol protocol() default Protocol.ANY;

    /** Only packets with this port as source or destination (TCP or UDP unless {@link #protocol()} says); 0 for any. */
    int port() default 0;

    /** Only packets to this destination port (with {@link Direction#BOTH}, the answers from it too); 0 for any. */
    int toPort() default 0;

    /** Only packets from this source port (with {@link Direction#BOTH}, the answers to it too); 0 for any. */
    int fromPort() default 0;

    /**
     * Which packets of the link: those leaving it (the default), those arriving at it (the conditions go on its veth
     * peer, where those packets leave), or both ({@code bothWays = true} is the same as {@code BOTH}). The other
     * attributes describe the packets selected: {@code ARRIVING} with {@code from = "10.0.0.5"} selects packets
     * coming from 10.0.0.5. With {@code BOTH} the packets going back are selected as the answers to those: {@code
     * toPort = 8080} selects packets to port 8080 leaving the link and packets from port 8080 arriving at it.
     */
    Direction direction() default Direction.LEAVING;

    /** A protocol conditions can be limited to. */
    enum Protocol {
        /** Every protocol (with a port: TCP and UDP). */
        ANY,
        /** TCP. */
        TCP,
        /** UDP. */
        UDP,
        /** ICMP and ICMPv6. */
        ICMP
    }

    /** Which packets of a link conditions apply to. */
    enum Direction {
        /** Packets leaving the link. */
        LEAVING,
        /** Packets arriving at the link (leaving its veth peer). */
        ARRIVING,
        /** Both. */
        BOTH
    }
}
