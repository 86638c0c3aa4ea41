package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Internal: the path traces of one topology: the explainers registered for it (asked before the built-in ones),
 * the tracers that run its traces, and every trace made, kept for the failure report.
 */
public final class Traces {
    private final TopologyModel model;
    private final Supplier<List<NamespaceHandle>> namespaces;
    private final List<TraceExplainer> explainers = new ArrayList<>();
    private final List<PathTrace> made = new ArrayList<>();

    /**
     * @param model      the declared topology
     * @param namespaces the topology's namespace handles at the time of a trace ({@code host} only when declared)
     */
    public Traces(TopologyModel model, Supplier<List<NamespaceHandle>> namespaces) {
        this.model = model;
        this.namespaces = namespaces;
    }

    /** Registers a cause asked about before the built-in ones (see {@link TraceExplainer}). */
    public synchronized void explainWith(TraceExplainer explainer) {
        explainers.add(Objects.requireNonNull(explainer, "explainer"));
    }

    /** A tracer over every namespace of the topology; traces it makes are kept. */
    public PathTracer tracer() {
        List<TraceExplainer> extra;
        synchronized (this) {
            extra = List.copyOf(explainers);
        }
        // the tracer's one tie back to its maker: each trace it makes is kept here for the failure report
        return new PathTracer(namespaces.get(), model, extra, this::record);
    }

    private synchronized void record(PathTrace trace) {
        made.add(trace);
    }

    /** The traces made, oldest first. */
    public synchronized List<PathTrace> made() {
        return List.copyOf(made);
    }
}
