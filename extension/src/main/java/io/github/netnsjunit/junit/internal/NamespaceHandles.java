package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.TeardownException;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Internal: the kernel handles of one topology's namespaces, in the order they were added (declaration order,
 * {@code host} first when used), and their closing. The owners of a topology's concerns (faults, conditions, NAT,
 * traces) get this rather than the topology, because handles are all they need of it.
 */
final class NamespaceHandles {
    private final Map<String, NamespaceHandle> handles = new LinkedHashMap<>();
    private final Map<String, ThreadStartWatch> threadStarts = new LinkedHashMap<>();

    synchronized void add(NamespaceHandle ns) {
        handles.put(ns.name(), ns);
        threadStarts.put(ns.name(), ThreadStartWatch.of(ns));
    }

    /** The handle of a namespace, or null. */
    synchronized NamespaceHandle get(String name) {
        return handles.get(name);
    }

    /** Every handle, in the order they were added. */
    synchronized List<NamespaceHandle> all() {
        return List.copyOf(handles.values());
    }

    /**
     * Closes every handle (ending its pinned thread), then checks that no other thread stayed inside one of the
     * namespaces (see {@link LeftoverThreadCheck}).
     *
     * @throws TeardownException with each failure in its own words
     */
    void closeAll() {
        List<NamespaceHandle> toClose;
        Map<String, ThreadStartWatch> starts;
        synchronized (this) {
            toClose = new ArrayList<>(handles.values());
            starts = new HashMap<>(threadStarts);
        }
        List<Exception> failures = new ArrayList<>();
        LeftoverThreadCheck leftovers = LeftoverThreadCheck.before(toClose, starts);
        for (NamespaceHandle ns : toClose) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        leftovers.after().ifPresent(failures::add);
        if (!failures.isEmpty()) {
            throw new TeardownException(failures);
        }
    }
}
