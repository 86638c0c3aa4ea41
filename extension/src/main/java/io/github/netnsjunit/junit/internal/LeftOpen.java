package io.github.netnsjunit.junit.internal;

import java.util.List;

/**
 * Internal: what a test left open on a live topology — faults still in force, conditions changed from the declared
 * ones — for the end-of-test check in {@code internal.jupiter.OpenFaults} (which owns the JUnit side: the report
 * entries, and when a test begins and ends).
 */
public final class LeftOpen {
    private LeftOpen() {
    }

    /** How many faults were opened on {@code live} so far (a mark taken when a test begins). */
    public static int opened(LiveTopology live) {
        return live.faults().opened();
    }

    /** The faults opened after {@code opened} and still in force, in words; healed too when {@code heal}. */
    public static List<String> faults(LiveTopology live, int opened, boolean heal) {
        return live.faults().openedAfter(opened, heal);
    }

    /** Where calls changed the declared conditions, in words; put back too when {@code restore}. */
    public static List<String> conditions(LiveTopology live, boolean restore) {
        LiveConditions conditions = live.liveConditions();
        return conditions == null ? List.of() : conditions.changedFromDeclared(restore);
    }
}
