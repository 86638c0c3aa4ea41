package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.Hits;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what a fault hit ({@link CountedFault#hits()}): that a partition, block, reject or link conditions
 * met the test's traffic, so that a fault that silently did nothing fails the test instead of leaving it green.
 */
public final class CountedFaultAssert extends AbstractAssert<CountedFaultAssert, CountedFault> {
    CountedFaultAssert(CountedFault actual) {
        super(actual, CountedFaultAssert.class);
    }

    /** The fault hit at least one packet. */
    public CountedFaultAssert wasHit() {
        return hitAtLeast(1);
    }

    /** The fault hit at least {@code packets} packets. */
    public CountedFaultAssert hitAtLeast(long packets) {
        isNotNull();
        Hits hits = actual.hits();
        if (hits.packets() < packets) {
            failWithMessage("expected %s to have hit at least %d %s, but it hit %s: %s", actual, packets,
                    packets == 1 ? "packet" : "packets", hits, hits.isNone() ? NOTHING : FEWER);
        }
        return this;
    }

    /** The fault hit exactly {@code packets} packets. */
    public CountedFaultAssert hitExactly(long packets) {
        isNotNull();
        Hits hits = actual.hits();
        if (hits.packets() != packets) {
            failWithMessage("expected %s to have hit exactly %d %s, but it hit %s", actual, packets,
                    packets == 1 ? "packet" : "packets", hits);
        }
        return this;
    }

    /** A reject refused at least {@code connections} TCP connection attempts. */
    public CountedFaultAssert refusedAtLeast(long connections) {
        isNotNull();
        Hits hits = actual.hits();
        if (hits.connections() < connections) {
            failWithMessage("expected %s to have refused at least %d connection %s, but it hit %s", actual,
                    connections, connections == 1 ? "attempt" : "attempts", hits);
        }
        return this;
    }

    /** The fault hit nothing (e.g. the traffic under test avoided it, as it should). */
    public CountedFaultAssert wasNotHit() {
        isNotNull();
        Hits hits = actual.hits();
        if (!hits.isNone()) {
            failWithMessage("expected %s to have hit nothing, but it hit %s", actual, hits);
        }
        return this;
    }

    private static final String NOTHING = "the fault did nothing, so the test did not exercise it. Check that the "
            + "traffic goes where the fault is (namespaces, address, port, the link end whose outgoing packets the "
            + "conditions shape) and that it was sent while the fault was in force";
    private static final String FEWER = "fewer packets met the fault than the test expects";
}
