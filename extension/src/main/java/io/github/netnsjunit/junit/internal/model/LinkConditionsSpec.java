package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.tc.GilbertElliott;
import io.github.netnsjunit.netlink.tc.Netem;
import io.github.netnsjunit.netlink.tc.Tbf;
import io.github.netnsjunit.netlink.tc.TrafficMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Internal: validated conditions of one link — the one model both engines render (netem/tbf in the kernel, the
 * relay in userspace).
 *
 * @param limit     0 for the default of {@link #resolvedLimit()}
 * @param seed      0 for random
 * @param match     the packets leaving the link these conditions apply to ({@link TrafficMatch#ALL} for every one)
 * @param burstLoss Gilbert-Elliott burst loss, or null (then {@code loss} is uncorrelated loss)
 */
public record LinkConditionsSpec(String namespace, String link, long delayNanos, long jitterNanos, double loss,
                                 double duplicate, double reorder, double corrupt, long rateBitsPerSecond, int limit,
                                 boolean bothWays, long seed, Origin origin, TrafficMatch match,
                                 GilbertElliott burstLoss) {
    /** A full Ethernet frame, for queue sizes in bytes. */
    static final int FRAME_BYTES = 1514;
    private static final long LINE_RATE_WITHOUT_RATE = 10_000_000_000L;

    /** Checks the parts are present. */
    public LinkConditionsSpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(match, "match");
    }

    /** For every packet, without burst loss. */
    public LinkConditionsSpec(String namespace, String link, long delayNanos, long jitterNanos, double loss,
            double duplicate, double reorder, double corrupt, long rateBitsPerSecond, int limit, boolean bothWays,
            long seed, Origin origin) {
        this(namespace, link, delayNanos, jitterNanos, loss, duplicate, reorder, corrupt, rateBitsPerSecond, limit,
                bothWays, seed, origin, TrafficMatch.ALL, null);
    }

    /** True when the conditions apply to part of the traffic only. */
    public boolean filtered() {
        return !match.isAll();
    }

    /** True when no condition is set (the link is only prepared for conditions set later). */
    public boolean isEmpty() {
        return delayNanos == 0 && jitterNanos == 0 && loss == 0 && duplicate == 0 && reorder == 0 && corrupt == 0
                && rateBitsPerSecond == 0 && burstLoss == null;
    }

    /** True when only netem can give these in the kernel (anything but a rate). */
    public boolean needsNetem() {
        return delayNanos != 0 || jitterNanos != 0 || loss != 0 || duplicate != 0 || reorder != 0 || corrupt != 0
                || burstLoss != null;
    }

    /**
     * The queue length: {@link #limit()}, or when 0, {@code max(1000, 2 × rate × (delay + jitter) / 1514 bytes)} with
     * 10 Gbit/s standing for "no rate", so that what the delay holds back never overflows the queue.
     */
    public int resolvedLimit() {
        if (limit > 0) {
            return limit;
        }
        long rate = rateBitsPerSecond > 0 ? rateBitsPerSecond : LINE_RATE_WITHOUT_RATE;
        double inFlight = rate / 8.0 * ((delayNanos + jitterNanos) / 1e9) / FRAME_BYTES;
        return (int) Math.min(1_000_000, Math.max(Netem.DEFAULT_LIMIT, Math.ceil(2 * inFlight)));
    }

    /** As netem options (with the 64-bit times and the seed). */
    public Netem netem() {
        return new Netem(delayNanos, jitterNanos, 0, loss, 0, duplicate, 0, reorder, corrupt, rateBitsPerSecond,
                resolvedLimit(), seed, true, burstLoss);
    }

    /** As tbf options, for a rate alone: a bucket of 10 ms at the rate (at least 16 KiB), the queue in bytes. */
    public Tbf tbf() {
        long bytes = rateBitsPerSecond / 8;
        int burst = (int) Math.min(Integer.MAX_VALUE, Math.max(16 * 1024, bytes / 100));
        return new Tbf(rateBitsPerSecond, burst, (int) Math.min(Integer.MAX_VALUE, (long) resolvedLimit() * FRAME_BYTES));
    }

    /**
     * The same conditions on another link end (for {@code bothWays}: the veth peer), with the match seen from there
     * (what goes {@code to} a prefix from this end comes {@code from} it at the peer); on this same end, the same
     * match (only {@code bothWays} is dropped).
     */
    public LinkConditionsSpec on(String otherNamespace, String otherLink) {
        boolean same = otherNamespace.equals(namespace) && otherLink.equals(link);
        return new LinkConditionsSpec(otherNamespace, otherLink, delayNanos, jitterNanos, loss, duplicate, reorder,
                corrupt, rateBitsPerSecond, limit, false, seed, origin, same ? match : match.mirrored(), burstLoss);
    }

    /**
     * The same conditions and match on another link end: for packets arriving at this end, which leave the veth
     * peer (the match describes those packets as they are, so it is not mirrored).
     */
    public LinkConditionsSpec at(String otherNamespace, String otherLink) {
        return new LinkConditionsSpec(otherNamespace, otherLink, delayNanos, jitterNanos, loss, duplicate, reorder,
                corrupt, rateBitsPerSecond, limit, false, seed, origin, match, burstLoss);
    }

    /** In tc words: {@code delay 50ms jitter 5ms loss 1% rate 10mbit}, or {@code none}. */
    public String describe() {
        List<String> p = new ArrayList<>();
        if (delayNanos > 0) {
            p.add("delay " + time(delayNanos));
        }
        if (jitterNanos > 0) {
            p.add("jitter " + time(jitterNanos));
        }
        addPercent(p, "loss", loss);
        if (burstLoss != null) {
            p.add(burstLoss.toString());
        }
        addPercent(p, "duplicate", duplicate);
        addPercent(p, "reorder", reorder);
        addPercent(p, "corrupt", corrupt);
        if (rateBitsPerSecond > 0) {
            p.add("rate " + rate(rateBitsPerSecond));
        }
        if (limit > 0) {
            p.add("limit " + limit);
        }
        if (seed != 0) {
            p.add("seed " + seed);
        }
        if (filtered() && !p.isEmpty()) {
            p.add("only for " + match);
        }
        return p.isEmpty() ? "none" : String.join(" ", p);
    }

    private static void addPercent(List<String> p, String name, double value) {
        if (value > 0) {
            p.add(name + " " + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "%");
        }
    }

    static String time(long nanos) {
        if (nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + "ms";
        }
        if (nanos % 1000 == 0) {
            return nanos / 1000 + "us";
        }
        return String.format(Locale.ROOT, "%.6fms", nanos / 1e6);
    }

    static String rate(long bits) {
        if (bits % 1_000_000_000L == 0) {
            return bits / 1_000_000_000L + "gbit";
        }
        if (bits % 1_000_000 == 0) {
            return bits / 1_000_000 + "mbit";
        }
        if (bits % 1000 == 0) {
            return bits / 1000 + "kbit";
        }
        return bits + "bit";
    }
}
