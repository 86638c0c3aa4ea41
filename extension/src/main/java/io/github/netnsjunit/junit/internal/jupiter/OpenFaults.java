package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.LeftOpen;
import io.github.netnsjunit.junit.internal.LiveTopology;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Internal: faults a test leaves open — partitions and blocks it did not heal, conditions it changed — are healed at
 * its end and named, one report entry each ({@value #REPORT_KEY}, also logged): with a shared topology the next
 * test must not run under them (its failure would blame itself), and with a per-test topology the test should learn
 * that it relied on teardown. Partitions and blocks opened before the test began (in {@code @BeforeAll}) stay.
 */
public final class OpenFaults {
    /** The report entry's key. */
    public static final String REPORT_KEY = "netns-junit.healed";
    private static final System.Logger LOG = System.getLogger(OpenFaults.class.getName());
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(OpenFaults.class);

    private OpenFaults() {
    }

    /** Remembers, for the test of {@code context}, which faults were open when it began. */
    public static void markStart(ExtensionContext context, TestNetwork network) {
        network.live().ifPresent(live -> context.getStore(STORE).put("opened", LeftOpen.opened(live)));
    }

    /** Heals what the test of {@code context} left open, and names it in the test's report and log. */
    public static void healAtEnd(ExtensionContext context, TestNetwork network) {
        LiveTopology live = network.live().orElse(null);
        if (live == null) {
            return;
        }
        Integer opened = context.getStore(STORE).get("opened", Integer.class);
        // A topology of this test alone is torn down right after this (and a failed test's state.txt is taken before
        // that, with the faults still in force, as they were when it failed): name them only. A shared one serves
        // the next test: heal now.
        boolean shared = network.context() != context;
        List<String> healed = new ArrayList<>();
        for (String fault : LeftOpen.faults(live, opened == null ? 0 : opened, shared)) {
            healed.add(fault + " (left open by the test, healed at its end)");
        }
        for (String changed : LeftOpen.conditions(live, shared)) {
            healed.add(changed.replaceFirst("\\)$", "; left open by the test, restored at its end)"));
        }
        for (String h : healed) {
            context.publishReportEntry(REPORT_KEY, h);
            LOG.log(System.Logger.Level.INFO, "netns-junit: " + context.getDisplayName() + ": " + h);
        }
    }
}
