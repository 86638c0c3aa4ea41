package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.CountedFault;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: the counted faults of a live topology a test made, for the {@code @FaultsMustHit} check in
 * {@code internal.jupiter}: the partitions and blocks opened since a mark (healed or not), and the conditions in
 * force on links a relay carries (the only ones counted).
 */
public final class FaultsMade {
    private FaultsMade() {
    }

    /** The partitions, blocks and rejects opened after the first {@code opened}, then conditions in force. */
    public static List<CountedFault> since(LiveTopology live, int opened) {
        List<CountedFault> out = new ArrayList<>(live.faults().openedSince(opened));
        LiveConditions conditions = live.liveConditions();
        if (conditions != null) {
            for (String[] end : conditions.countedInForce()) {
                out.add(new LinkConditionsFault(conditions, end[0], end[1]));
            }
        }
        return out;
    }
}
