package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.DiagramFormat;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.ns.NetNamespace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Internal: a topology that exists in the kernel, and everything needed to remove it. It is built by
 * {@link TopologyFactory}; {@link #close()} tears it down completely, continuing past failures and reporting them
 * all at the end.
 */
public final class LiveTopology implements Topology, AutoCloseable {
    /** One step of teardown, described for the failure report. */
    private record Cleanup(String description, AutoCloseable action) {
    }

    private final TopologyModel model;
    private final Map<String, NetNamespace> namespaces = new LinkedHashMap<>();
    private final Map<String, LiveNetNs> views = new LinkedHashMap<>();
    private final Deque<Cleanup> hostCleanups = new ArrayDeque<>();
    private final List<Process> processes = new ArrayList<>();
    private Map<String, String> hostAliases = Map.of();
    private final List<io.github.netnsjunit.junit.internal.trace.TraceExplainer> traceExplainers = new ArrayList<>();
    private final List<io.github.netnsjunit.junit.PathTrace> traces = new ArrayList<>();
    private boolean closed;

    LiveTopology(TopologyModel model) {
        this.model = model;
    }

    /** The model this topology was built from. */
    public TopologyModel model() {
        return model;
    }

    synchronized void addNamespace(NetNamespace ns) {
        namespaces.put(ns.name(), ns);
        views.put(ns.name(), new LiveNetNs(ns, this));
    }

    /** Registers an undo step for something created in, or changed in, the host namespace (run in reverse order). */
    synchronized void onTeardown(String description, AutoCloseable action) {
        hostCleanups.push(new Cleanup(description, action));
    }

    synchronized void hostAliases(Map<String, String> aliases) {
        hostAliases = Map.copyOf(aliases);
    }

    /**
     * The real name of a link declared in a namespace: the same name, except in {@code host}, where declared links
     * get unique names (two tests or JVMs must not clash there).
     */
    @Override
    public synchronized String linkName(String namespace, String declared) {
        return "host".equals(namespace) ? hostAliases.getOrDefault(declared, declared) : declared;
    }

    synchronized void register(Process process) {
        processes.add(process);
    }

    /** The kernel handle of a namespace, or null. */
    public synchronized NetNamespace handle(String name) {
        return namespaces.get(name);
    }

    /** All kernel handles, in declaration order ({@code host} last when used). */
    public synchronized List<NetNamespace> handles() {
        return List.copyOf(namespaces.values());
    }

    @Override
    public synchronized NetNs namespace(String name) {
        LiveNetNs ns = views.get(name);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace \"" + name + "\" in this topology; it has: "
                    + String.join(", ", views.keySet()));
        }
        return ns;
    }

    @Override
    public synchronized List<NetNs> namespaces() {
        return List.copyOf(views.values());
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (NetNs ns : namespaces()) {
            sb.append(ns.describe()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String diagram(DiagramFormat format) {
        return TopologyDiagram.render(model, java.util.Objects.requireNonNull(format, "format"));
    }

    /**
     * Registers a cause the path traces of this topology ask about before the built-in ones: the extension point
     * for network conditions and partitions (#12) and for code that ran outside its namespace (#11).
     */
    public synchronized void explainTracesWith(io.github.netnsjunit.junit.internal.trace.TraceExplainer explainer) {
        traceExplainers.add(java.util.Objects.requireNonNull(explainer, "explainer"));
    }

    /** A tracer over every namespace of this topology; traces it makes are kept for the failure report. */
    synchronized io.github.netnsjunit.junit.internal.trace.PathTracer tracer() {
        return new io.github.netnsjunit.junit.internal.trace.PathTracer(List.copyOf(namespaces.values()), model,
                List.copyOf(traceExplainers), this::recordTrace);
    }

    private synchronized void recordTrace(io.github.netnsjunit.junit.PathTrace trace) {
        traces.add(trace);
    }

    /** The path traces made during the test, oldest first (attached to the report of a failed test). */
    public synchronized List<io.github.netnsjunit.junit.PathTrace> traces() {
        return List.copyOf(traces);
    }

    /**
     * Removes everything: stops processes started in the namespaces, undoes host changes (links, nft tables,
     * sysctls) in reverse order, ends the pinned threads and closes every namespace handle. Every step runs even
     * if an earlier one failed; the failures are thrown together, the first with the others suppressed.
     */
    @Override
    public void close() {
        List<Exception> failures = new ArrayList<>();
        List<Process> toStop;
        List<Cleanup> cleanups;
        List<NetNamespace> handles;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(processes);
            cleanups = new ArrayList<>(hostCleanups);
            handles = new ArrayList<>(namespaces.values());
        }
        for (Process p : toStop) {
            stop(p, failures);
        }
        for (Cleanup c : cleanups) {
            try {
                c.action().close();
            } catch (Exception e) {
                failures.add(new IllegalStateException("teardown step failed: " + c.description() + ": " + e.getMessage(), e));
            }
        }
        Map<String, String> owned = new java.util.HashMap<>();
        for (NetNamespace ns : handles) {
            // scanning every thread costs more than the rest of the teardown: only where one may be inside
            String inode = ns.isOwned() && ns.mayHoldOtherThreads() ? LeftoverThreads.inode(ns.path()) : null;
            if (inode != null) {
                owned.put(inode, ns.name());
            }
        }
        for (NetNamespace ns : handles) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        List<String> leftovers = owned.isEmpty() ? List.of() : LeftoverThreads.find(owned);
        // The JDK starts its pooled "process reaper" thread from whichever thread first forks a process, so a
        // process started on a namespace thread leaves one there. It only waits for child processes, does no
        // network work, and the JDK ends it after 60 s idle: warn, since the namespace lives on until then.
        List<String> reapers = leftovers.stream().filter(t -> t.startsWith("'process reaper'")).toList();
        List<String> others = leftovers.stream().filter(t -> !reapers.contains(t)).toList();
        if (!reapers.isEmpty()) {
            System.err.println("netns-junit: warning: the JDK's " + String.join(", ", reapers) + " stays in the"
                    + " namespace after the test and keeps it alive until it ends (60 s idle). It appears when a process"
                    + " is started on a namespace thread; NetNs.start(ProcessBuilder) starts processes without it.");
        }
        if (!others.isEmpty()) {
            failures.add(new IllegalStateException("thread" + (others.size() == 1 ? " " : "s ")
                    + String.join(", ", others) + " outlived the test inside its namespace: it keeps the namespace"
                    + " alive and will run later work there. Threads inherit the namespace of the thread that starts"
                    + " them: shut down executors started in the test (shutdownNow() and awaitTermination()), and do"
                    + " not use ForkJoinPool.commonPool(), parallel streams or CompletableFuture.*Async() inside"
                    + " @InNamespace code."));
        }
        if (!failures.isEmpty()) {
            TeardownException summary = new TeardownException(failures);
            throw summary;
        }
    }

    private static void stop(Process p, List<Exception> failures) {
        if (!p.isAlive()) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                if (!p.waitFor(2, TimeUnit.SECONDS)) {
                    failures.add(new IllegalStateException("process " + p.pid() + " (" + p.info().commandLine().orElse("?")
                            + ") did not end after SIGKILL"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
    }
}
