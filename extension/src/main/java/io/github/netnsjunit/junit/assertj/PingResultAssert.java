package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.PingResult;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link PingResult}. */
public final class PingResultAssert extends AbstractAssert<PingResultAssert, PingResult> {
    PingResultAssert(PingResult actual) {
        super(actual, PingResultAssert.class);
    }

    /** Every request was answered. */
    public PingResultAssert hasNoLoss() {
        isNotNull();
        if (actual.received() != actual.sent()) {
            failWithMessage("expected %s to answer every echo request from %s, %s", actual.target(), actual.from(),
                    NetNsAssert.describe(actual));
        }
        return this;
    }

    /** Exactly {@code count} replies came back. */
    public PingResultAssert hasReceived(int count) {
        isNotNull();
        if (actual.received() != count) {
            failWithMessage("expected %d replies from %s to %s, %s", count, actual.target(), actual.from(),
                    NetNsAssert.describe(actual));
        }
        return this;
    }
}
