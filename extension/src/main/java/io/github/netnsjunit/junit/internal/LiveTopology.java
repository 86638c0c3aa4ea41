package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.DiagramFormat;
import io.github.netnsjunit.junit.DnsFaultBuilder;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.TeardownException;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.resolver.HostTable;
import io.github.netnsjunit.junit.internal.resolver.TopologyNames;
import io.github.netnsjunit.junit.internal.trace.FaultsExplainer;
import io.github.netnsjunit.junit.internal.trace.TraceExplainer;
import io.github.netnsjunit.junit.internal.trace.Traces;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.Objects;

/**
 * Internal: a topology that exists in the kernel: the registry of its namespace handles, its per-namespace views
 * and its model. Each concern has its owner, made here and given what it needs (handles, link names, undo steps),
 * never this registry: {@link UndoSteps} (teardown), {@link TopologyNames} (host names and the hosts file),
 * {@link Traces}, {@link LiveConditions}, {@link LiveFaults}. {@link TopologyFactory} builds it; {@link #close()}
 * runs the undo steps.
 */
public final class LiveTopology implements Topology, AutoCloseable {
    private final TopologyModel model;
    private final UndoSteps undo = new UndoSteps();
    private final NamespaceHandles handles = new NamespaceHandles();
    private final LinkNames linkNames = new LinkNames();
    private final TopologyNames names = new TopologyNames();
    private final Traces traces;
    private final LiveConditions conditions;
    private final LiveFaults faults;
    private final ReportAttachments attachments = new ReportAttachments();
    private final Map<String, LiveNetNs> views = new LinkedHashMap<>();
    /** Set when a failed test's namespaces are kept for inspection: their links then stay as they were. */
    private volatile boolean keptForInspection;

    LiveTopology(TopologyModel model, ConditionsConfig conditionsConfig) {
        this.model = model;
        this.traces = new Traces(model, handles::all);
        this.conditions = new LiveConditions(handles, linkNames, model, conditionsConfig, undo);
        this.faults = new LiveFaults(handles, model, undo);
        // a failed reachability assertion names the conditions, partitions and blocks in force first
        traces.explainWith(new FaultsExplainer(ns -> LiveNetNs.inForce(conditions, faults, ns)));
        // the first step pushed runs last: everything else is undone while the namespaces are still open
        undo.push("close the namespaces", handles::closeAll);
        // runs just before: a thread a client library left in a finished namespace must reach nothing
        undo.push("make the namespaces unreachable (routing rule 0: unreachable, IPv4 and IPv6)", () -> {
            if (!keptForInspection) {
                NamespaceShutoff.takeDown(handles.all());
            }
        });
    }

    /** The namespaces were kept for inspection ({@code keepOnFailure}): teardown leaves their links up. */
    public void keptForInspection() {
        keptForInspection = true;
    }

    /** The model this topology was built from. */
    public TopologyModel model() {
        return model;
    }

    // --- for the factory, which builds the topology through these owners ---

    UndoSteps undo() {
        return undo;
    }

    NamespaceHandles namespaceHandles() {
        return handles;
    }

    LinkNames linkNames() {
        return linkNames;
    }

    TopologyNames names() {
        return names;
    }

    /** Registers a namespace the factory made, and its view. */
    synchronized void addNamespace(NamespaceHandle ns) {
        handles.add(ns);
        views.put(ns.name(), new LiveNetNs(ns, model, linkNames, undo, names, traces, conditions, faults));
    }

    // --- the registry ---

    /**
     * The real name of a link declared in a namespace: the same name, except in {@code host}, where declared links
     * get unique names (two tests or JVMs must not clash there).
     */
    @Override
    public String linkName(String namespace, String declared) {
        return linkNames.real(namespace, declared);
    }

    /** The kernel handle of a namespace, or null. */
    public NamespaceHandle handle(String name) {
        return handles.get(name);
    }

    /** All kernel handles, in declaration order ({@code host} first when used). */
    public List<NamespaceHandle> handles() {
        return handles.all();
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
        // the middle namespaces of the userspace relay are ours, not the test's
        return views.values().stream().filter(v -> !v.name().startsWith(ConditionsPlan.HIDDEN_PREFIX))
                .map(v -> (NetNs) v).toList();
    }

    // --- what the owners answer, for callers that hold the topology ---

    /** Files for the current test's report (a nemesis timeline), published at its end. */
    public ReportAttachments attachments() {
        return attachments;
    }

    /** The partitions and blocks of this topology (for the end-of-test check and the assertions' words). */
    LiveFaults faults() {
        return faults;
    }

    /** The link conditions of this topology and the relays carrying them. */
    LiveConditions liveConditions() {
        return conditions;
    }

    @Override
    public Partition partition(String... namespaces) {
        return faults.partition(Objects.requireNonNull(namespaces, "namespaces"));
    }

    @Override
    public Partition partitionShape(String name, Map<String, ? extends Collection<String>> grudge) {
        return faults.shape(name, Objects.requireNonNull(grudge, "grudge"));
    }

    @Override
    public Partition partitionOneWay(String from, String to) {
        return faults.oneWay(from, to);
    }

    /**
     * The conditions, partitions and blocks in force that concern a namespace (its links, their veth peers, the
     * partitions it is part of), one line each; empty when none. For failure messages of reachability assertions.
     */
    public List<String> faultsAffecting(String namespace) {
        return LiveNetNs.inForce(conditions, faults, namespace);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (NetNs ns : namespaces()) {
            sb.append(ns.describe()).append('\n');
        }
        HostTable hostNames = names.table();
        if (!hostNames.isEmpty()) {
            sb.append("== host names\n").append(hostNames);
        }
        return sb.toString();
    }

    /**
     * Ties the calling thread, and threads it starts, to this topology's host names until the returned scope closes
     * (or the topology does): for an extension that runs the test on another thread than the one that built the
     * topology, e.g. {@code try (AutoCloseable tie = live.tieCurrentThread()) { invocation.proceed(); }}. Also when
     * the topology declares no names: the thread then resolves no other live test's names.
     */
    public AutoCloseable tieCurrentThread() {
        return names.tieCurrentThread();
    }

    /** The topology's host names; empty when it declares none. */
    public HostTable hostNames() {
        return names.table();
    }

    @Override
    public DnsFaultBuilder dns() {
        return names.dnsFaults(null, "Topology.dns()");
    }

    @Override
    public String diagram(DiagramFormat format) {
        return TopologyDiagram.render(model, Objects.requireNonNull(format, "format"));
    }

    /**
     * Registers a cause the path traces of this topology ask about before the built-in ones: the extension point
     * for network conditions and partitions (#12) and for code that ran outside its namespace (#11).
     */
    public void explainTracesWith(TraceExplainer explainer) {
        traces.explainWith(explainer);
    }

    /** The path traces made during the test, oldest first (attached to the report of a failed test). */
    public List<PathTrace> traces() {
        return traces.made();
    }

    /**
     * Removes everything by running the undo steps, last registered first: processes started in the namespaces,
     * partitions and blocks, relays, host changes (links, routes, nft tables, sysctls, names), and last the
     * namespace handles (ending the pinned threads). Every step runs even if an earlier one failed.
     *
     * @throws TeardownException with every failure
     */
    @Override
    public void close() {
        undo.run();
    }
}
