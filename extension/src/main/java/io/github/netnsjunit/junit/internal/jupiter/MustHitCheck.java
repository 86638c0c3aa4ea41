package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.FaultsMustHit;
import io.github.netnsjunit.junit.Hits;
import io.github.netnsjunit.junit.internal.FaultsMade;
import io.github.netnsjunit.junit.internal.LeftOpen;
import io.github.netnsjunit.junit.internal.LiveTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Internal: {@link FaultsMustHit} at the end of a test: every fault it made must have hit at least the packets the
 * annotation asks, or the test fails naming each fault that did not and what it hit.
 */
public final class MustHitCheck {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(MustHitCheck.class);

    private MustHitCheck() {
    }

    /** Remembers which faults existed when the test of {@code context} began (on a shared topology). */
    public static void markStart(ExtensionContext context, TestNetwork network) {
        network.live().ifPresent(live -> context.getStore(STORE).put("opened", LeftOpen.opened(live)));
    }

    /** The failure for the faults of this test that hit too little, if it asks with {@code @FaultsMustHit}. */
    public static Optional<AssertionError> missed(ExtensionContext context, TestNetwork network) {
        Optional<FaultsMustHit> wanted = annotation(context);
        LiveTopology live = network.live().orElse(null);
        if (wanted.isEmpty() || live == null) {
            return Optional.empty();
        }
        long atLeast = Math.max(1, wanted.get().atLeast());
        Integer opened = context.getStore(STORE).get("opened", Integer.class);
        List<String> missed = new ArrayList<>();
        for (CountedFault f : FaultsMade.since(live, opened == null ? 0 : opened)) {
            Hits hits = f.hits();
            if (hits.packets() < atLeast) {
                missed.add(f + ": hit " + hits);
            }
        }
        if (missed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AssertionError("@FaultsMustHit(atLeast = " + atLeast + "): " + missed.size()
                + (missed.size() == 1 ? " fault" : " faults") + " of this test hit too little, so the test did not "
                + "exercise " + (missed.size() == 1 ? "it" : "them") + ":\n  " + String.join("\n  ", missed)
                + "\nCheck that the traffic goes where the fault is (namespaces, address, port, the link end whose "
                + "outgoing packets the conditions shape) and is sent while the fault is in force."));
    }

    private static Optional<FaultsMustHit> annotation(ExtensionContext context) {
        Optional<FaultsMustHit> onMethod = context.getTestMethod()
                .flatMap(m -> AnnotationSupport.findAnnotation(m, FaultsMustHit.class));
        if (onMethod.isPresent()) {
            return onMethod;
        }
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<FaultsMustHit> onClass = c.get().getTestClass()
                    .flatMap(k -> AnnotationSupport.findAnnotation(k, FaultsMustHit.class));
            if (onClass.isPresent()) {
                return onClass;
            }
        }
        return Optional.empty();
    }
}
