package io.github.netnsjunit.junit.internal.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PathOrder} on the stamps a loaded machine really produced (TraceCausesIT, CI on 2026-12-07): the SYN's
 * converted departure stamps 3 ms late, the reset's stamps taken at the tap.
 */
class PathOrderTest {
    private static final String SYN = "IP 172.18.0.3.44484 > 172.18.0.2.81: Flags [S]";
    private static final String RESET = "IP 172.18.0.2.81 > 172.18.0.3.44484: Flags [R.]";

    private static Packet packet(String ns, String link, boolean out, long nanos, String text) {
        return new Packet(ns, link, out, nanos, Packet.Kind.OTHER, null, null, 0, 0, null, text);
    }

    @Test
    void aSynStampedLaterThanItsResetStillComesFirst() {
        Packet synOut = packet("ns1", "veth1", true, 1_003_000_000L, SYN);
        Packet resetIn = packet("ns1", "veth1", false, 1_000_080_000L, RESET);
        Packet synIn = packet("ns0", "veth0", false, 1_003_000_000L, SYN);
        Packet resetOut = packet("ns0", "veth0", true, 1_000_070_000L, RESET);

        assertThat(PathOrder.sort(List.of(synOut, resetIn, synIn, resetOut)))
                .containsExactly(synOut, synIn, resetOut, resetIn);
    }

    @Test
    void withoutTwinsTheEarliestStampGoesFirstAndEachQueueKeepsItsOrder() {
        Packet a1 = packet("a", "x", true, 10, "one");
        Packet a2 = packet("a", "x", true, 5, "two"); // stamped earlier, queued later: the queue wins
        Packet b1 = packet("b", "y", true, 7, "three");

        assertThat(PathOrder.sort(List.of(a1, a2, b1))).containsExactly(b1, a1, a2);
    }

    @Test
    void aReceivedFrameFollowsItsTwinSentFromAnotherNamespaceEvenWhenStampedEarlier() {
        Packet out = packet("a", "x", true, 2_000_000, SYN);
        Packet in = packet("b", "y", false, 1_000_000, SYN);

        assertThat(PathOrder.sort(List.of(in, out))).containsExactly(out, in);
    }
}
