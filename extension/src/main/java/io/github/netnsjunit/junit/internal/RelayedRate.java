package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.tc.TrafficMatch;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.netlink.tc.Netem;

/**
 * Internal: how a relayed link end carries its conditions, so that one declaration behaves the same on both engines.
 * A rate alone is shaped where the kernel engine shapes it, by tbf on the sending end's own root qdisc, and the relay
 * carries that direction unconditioned: tbf's queue holds the packets still charged to the sending socket
 * ({@code sk_wmem_alloc}), so a fast sender blocks in {@code send} as on the kernel engine, while a relay behind a
 * veth cannot slow it (veth orphans every packet it forwards, {@code skb_scrub_packet}) and could only drop. tbf is
 * in every kernel the preflight accepts (unlike netem). Anything else (delay, loss, ..., with or without a rate) is
 * the relay's, as netem would do it in the kernel (netem also orphans, and tail-drops at its limit).
 */
final class RelayedRate {
    /** No conditions. */
    static final Netem CLEAN = new Netem(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Netem.DEFAULT_LIMIT, 0, true);

    private RelayedRate() {
    }

    /** True when these conditions go to tbf on the sending end rather than to the relay. */
    static boolean byTbf(LinkConditionsSpec spec) {
        return spec != null && !spec.isEmpty() && !spec.needsNetem();
    }

    /** What the relay applies to frames leaving this end. */
    static Netem relayPart(LinkConditionsSpec spec) {
        return spec == null || spec.isEmpty() || byTbf(spec) ? CLEAN : spec.netem();
    }

    /** Which frames the relay applies {@link #relayPart} to (and counts as hit). */
    static TrafficMatch relayMatch(LinkConditionsSpec spec) {
        // a rate alone passes the relay unconditioned (tbf shapes it), but the match still says what it selects, so
        // that what the conditions hit counts only those frames
        return spec == null || spec.isEmpty() ? TrafficMatch.ALL : spec.match();
    }

    /** What the sending end's root qdisc gets: the spec for a rate alone, else none. */
    static LinkConditionsSpec kernelPart(LinkConditionsSpec spec, String namespace, String link) {
        return byTbf(spec) ? spec : new LinkConditionsSpec(namespace, link, 0, 0, 0, 0, 0, 0, 0, 0, false, 0,
                spec != null ? spec.origin() : Origin.builder("relay"));
    }
}
