package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.DiagramFormat;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.TeardownException;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.internal.model.Namespaces;
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
    private final Map<String, ThreadStartWatch> threadStarts = new LinkedHashMap<>();
    private final Deque<Cleanup> hostCleanups = new ArrayDeque<>();
    private final List<Process> processes = new ArrayList<>();
    private Map<String, String> hostAliases = Map.of();
    private final List<io.github.netnsjunit.junit.internal.trace.TraceExplainer> traceExplainers = new ArrayList<>();
    private final List<io.github.netnsjunit.junit.PathTrace> traces = new ArrayList<>();
    private boolean closed;
    private io.github.netnsjunit.junit.internal.resolver.HostTable hostNames =
            io.github.netnsjunit.junit.internal.resolver.HostTable.EMPTY;
    private java.nio.file.Path hostsFile;
    private io.github.netnsjunit.junit.internal.resolver.LiveNames.Registration nameRegistration;
    private io.github.netnsjunit.junit.internal.resolver.TopologyDns dns;
    /** Link conditions in force and their relays; null until {@link TopologyFactory} attaches them. */
    private LiveConditions conditions;
    private final LiveFaults faults;

    LiveTopology(TopologyModel model) {
        this.model = model;
        this.faults = new LiveFaults(this, model);
    }

    /** The model this topology was built from. */
    public TopologyModel model() {
        return model;
    }

    synchronized void addNamespace(NetNamespace ns) {
        namespaces.put(ns.name(), ns);
        views.put(ns.name(), new LiveNetNs(ns, this));
        threadStarts.put(ns.name(), ThreadStartWatch.of(ns));
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
        return Namespaces.HOST.equals(namespace) ? hostAliases.getOrDefault(declared, declared) : declared;
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
        // the middle namespaces of the userspace relay are ours, not the test's
        return views.values().stream().filter(v -> !v.name().startsWith(ConditionsPlan.HIDDEN_PREFIX))
                .map(v -> (NetNs) v).toList();
    }

    // --- link conditions and faults (issue 12) ---

    synchronized void attach(LiveConditions c) {
        conditions = c;
    }

    /** The link conditions of this topology (none attached: every link is a plain veth under the kernel engine). */
    synchronized LiveConditions liveConditions() {
        return conditions;
    }

    LiveFaults faults() {
        return faults;
    }

    /** The live conditions, made on first use for topologies declared without any. */
    synchronized LiveConditions conditionsForChange() {
        if (conditions == null) {
            conditions = LiveConditions.start(this, model, ConditionsPlan.of(model, conditionsConfig, () -> false));
        }
        return conditions;
    }

    private ConditionsConfig conditionsConfig = ConditionsConfig.DEFAULT;

    synchronized void conditionsConfig(ConditionsConfig config) {
        conditionsConfig = config;
    }

    /** Checks a link named by a NetNs call is declared in that namespace. */
    void requireDeclaredLink(String namespace, String link, String call) {
        boolean declared = model.veths().stream().anyMatch(v -> (v.namespace().equals(namespace) && v.name().equals(link))
                || (v.peerNamespace().equals(namespace) && v.peer().equals(link)))
                || model.bridges().stream().anyMatch(b -> b.namespace().equals(namespace) && b.name().equals(link));
        if (!declared) {
            List<String> links = new ArrayList<>();
            model.veths().forEach(v -> {
                if (v.namespace().equals(namespace)) {
                    links.add(v.name());
                }
                if (v.peerNamespace().equals(namespace)) {
                    links.add(v.peer());
                }
            });
            model.bridges().stream().filter(b -> b.namespace().equals(namespace)).forEach(b -> links.add(b.name()));
            throw new IllegalArgumentException(call + " in netns " + namespace + ": " + quote(link) + " is not a link "
                    + "declared in this namespace; its links are: " + (links.isEmpty() ? "none"
                    : String.join(", ", links.stream().map(LiveTopology::quote).toList())) + ".");
        }
    }

    private static String quote(String s) {
        return io.github.netnsjunit.junit.internal.model.Origin.quote(s);
    }

    @Override
    public Partition partition(String... namespaces) {
        return faults.partition(java.util.Objects.requireNonNull(namespaces, "namespaces"));
    }

    @Override
    public Partition partitionOneWay(String from, String to) {
        return faults.oneWay(java.util.Objects.requireNonNull(from, "from"), java.util.Objects.requireNonNull(to, "to"));
    }

    /**
     * The conditions, partitions and blocks in force that concern a namespace (its links, their veth peers, the
     * partitions it is part of), one line each; empty when none. For failure messages of reachability assertions.
     */
    public List<String> faultsAffecting(String namespace) {
        List<String> out = new ArrayList<>();
        LiveConditions c = liveConditions();
        if (c != null) {
            out.addAll(c.describe(namespace));
        }
        out.addAll(faults.describe(namespace));
        return out;
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (NetNs ns : namespaces()) {
            sb.append(ns.describe()).append('\n');
        }
        if (!hostNames().isEmpty()) {
            sb.append("== host names\n").append(hostNames());
            if (!io.github.netnsjunit.junit.internal.resolver.InJvmResolution.isInstalled()) {
                // Java 17 (or no resolver provider): say where the names do not resolve
                sb.append("(in this JVM these resolve only on threads inside the topology; see README \"Host names\")\n");
            }
        }
        return sb.toString();
    }

    /**
     * Makes the topology's host names resolvable while it lives: in this JVM (through the resolver provider, see
     * {@link io.github.netnsjunit.junit.internal.resolver.LiveNames} for how a lookup finds its topology; the calling
     * thread, the one that built the topology, is tied to it) and for processes (a hosts file, written on first use).
     * Both are undone first at teardown.
     */
    synchronized void registerNames(io.github.netnsjunit.junit.internal.resolver.HostTable table) {
        if (table.isEmpty()) {
            return;
        }
        java.util.Set<String> inodes = new java.util.LinkedHashSet<>();
        for (NetNamespace ns : namespaces.values()) {
            String inode = ns.isOwned() ? LeftoverThreads.inode(ns.path()) : null;
            if (inode != null) {
                inodes.add(inode);
            }
        }
        String owner = "topology of " + model.namespaces().stream().filter(n -> !n.hostnames().isEmpty())
                .map(n -> n.origin().toString()).findFirst()
                .orElseGet(() -> model.hostEntries().get(0).origin().toString())
                + ", built on thread '" + Thread.currentThread().getName() + "'";
        var registration = io.github.netnsjunit.junit.internal.resolver.LiveNames.register(table, owner, inodes);
        hostNames = table;
        nameRegistration = registration;
        startDns(table);
        onTeardown("remove the host names " + String.join(", ", table.names().keySet()), () -> {
            registration.close();
            java.nio.file.Path file;
            synchronized (this) {
                file = hostsFile;
                hostsFile = null;
            }
            if (file != null) {
                java.nio.file.Files.deleteIfExists(file);
            }
        });
    }

    /**
     * Starts the topology's DNS server in each of its own namespaces (not {@code host}, not the relay's hidden
     * ones), stopped at teardown before the namespaces close.
     */
    private void startDns(io.github.netnsjunit.junit.internal.resolver.HostTable table) {
        List<io.github.netnsjunit.junit.internal.resolver.TopologyDns.Place> places = new ArrayList<>();
        for (NetNamespace ns : namespaces.values()) {
            if (ns.isOwned() && !ns.name().startsWith(ConditionsPlan.HIDDEN_PREFIX)) {
                places.add(new io.github.netnsjunit.junit.internal.resolver.TopologyDns.Place(ns.name(), ns));
            }
        }
        if (places.isEmpty()) {
            return;
        }
        var server = io.github.netnsjunit.junit.internal.resolver.TopologyDns.start(table, places);
        dns = server;
        Map<String, String> byInode = new LinkedHashMap<>();
        for (var p : places) {
            String inode = LeftoverThreads.inode(p.handle().path());
            if (inode != null) {
                byInode.put(inode, p.name());
            }
        }
        if (nameRegistration != null) {
            nameRegistration.attachDnsFaults(server.rules(), byInode);
        }
        onTeardown("stop the DNS server of the host names", server::close);
    }

    @Override
    public io.github.netnsjunit.junit.DnsFaultBuilder dns() {
        return dnsFaults(null, "Topology.dns()");
    }

    /** The fault builder of the DNS server, for one namespace or (null) all. */
    synchronized io.github.netnsjunit.junit.DnsFaultBuilder dnsFaults(String namespace, String call) {
        return new io.github.netnsjunit.junit.internal.resolver.DnsFaultBuilderImpl(hostNames,
                dns == null || closed ? null : dns.rules(), namespace, call);
    }

    /**
     * Ties the calling thread, and threads it starts, to this topology's host names until the returned scope closes
     * (or the topology does): for an extension that runs the test on another thread than the one that built the
     * topology, e.g. {@code try (AutoCloseable tie = live.tieCurrentThread()) { invocation.proceed(); }}. A no-op
     * when the topology declares no names.
     */
    public synchronized AutoCloseable tieCurrentThread() {
        return nameRegistration == null || closed ? () -> { } : nameRegistration.tieCurrentThread();
    }

    /** The topology's host names; empty when it declares none. */
    public synchronized io.github.netnsjunit.junit.internal.resolver.HostTable hostNames() {
        return hostNames;
    }

    /** The hosts file processes of this topology see as {@code /etc/hosts}, or null when it declares no names. */
    synchronized java.nio.file.Path hostsFile() {
        if (hostNames.isEmpty() || closed) {
            return null;
        }
        if (hostsFile == null) {
            hostsFile = io.github.netnsjunit.junit.internal.resolver.EtcHosts.write(hostNames);
        }
        return hostsFile;
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
        Map<String, ThreadStartWatch> starts;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(processes);
            cleanups = new ArrayList<>(hostCleanups);
            handles = new ArrayList<>(namespaces.values());
            starts = new java.util.HashMap<>(threadStarts);
        }
        for (Process p : toStop) {
            stop(p, failures);
        }
        // partitions and blocks first (the host's tables must go), then the relays, before their namespaces close
        try {
            faults.close();
        } catch (RuntimeException e) {
            failures.add(new IllegalStateException("teardown step failed: remove partitions and blocks: " + e.getMessage(), e));
        }
        LiveConditions relays;
        synchronized (this) {
            relays = conditions;
        }
        if (relays != null) {
            try {
                relays.close();
            } catch (RuntimeException e) {
                failures.add(new IllegalStateException("teardown step failed: stop the relays: " + e.getMessage(), e));
            }
        }
        for (Cleanup c : cleanups) {
            try {
                c.action().close();
            } catch (Exception e) {
                failures.add(new IllegalStateException("teardown step failed: " + c.description() + ": " + e.getMessage(), e));
            }
        }
        LeftoverThreadCheck leftovers = LeftoverThreadCheck.before(handles, starts);
        for (NetNamespace ns : handles) {
            try {
                ns.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        leftovers.after().ifPresent(failures::add);
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
