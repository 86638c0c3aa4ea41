package io.github.netnsjunit.junit.internal;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: every exception that makes up a test failure — the failure, its causes and what was suppressed into any
 * of them, each once (a cause can also be suppressed somewhere, and a cycle would otherwise never end). The
 * explainers that look for evidence inside a failure ({@code PoolEscape}, {@code resolver.UnresolvedNames}) read it
 * from here.
 */
public final class FailureParts {
    private FailureParts() {
    }

    /** The failure first, then depth first through causes and suppressed exceptions. */
    public static List<Throwable> of(Throwable failure) {
        List<Throwable> all = new ArrayList<>();
        collect(failure, all, new IdentityHashMap<>());
        return all;
    }

    private static void collect(Throwable t, List<Throwable> into, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return;
        }
        into.add(t);
        collect(t.getCause(), into, seen);
        for (Throwable s : t.getSuppressed()) {
            collect(s, into, seen);
        }
    }
}
