package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.ConnectionFaultBuilder;
import io.github.netnsjunit.junit.internal.connection.ConnectionFaultBuilderImpl;
import io.github.netnsjunit.junit.internal.connection.ConnectionFaultSpec;
import io.github.netnsjunit.junit.internal.connection.RelayedConnectionFault;

import io.github.netnsjunit.junit.internal.resolver.HostTable;
import io.github.netnsjunit.junit.Block;
import io.github.netnsjunit.junit.ConditionsBuilder;
import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.DnsFaultBuilder;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.PingResult;
import io.github.netnsjunit.junit.internal.model.LinkEnd;
import io.github.netnsjunit.junit.internal.model.NamespaceSpec;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.resolver.EtcHosts;
import io.github.netnsjunit.junit.internal.resolver.InJvmResolution;
import io.github.netnsjunit.junit.internal.resolver.TopologyNames;
import io.github.netnsjunit.junit.internal.trace.Traces;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.icmp.IcmpEcho;
import io.github.netnsjunit.netlink.icmp.PingError;
import io.github.netnsjunit.netlink.icmp.PingReport;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.ns.JvmNamespace;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.ns.Sysctls;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.FdbEntry;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.LinkWatch;
import io.github.netnsjunit.netlink.route.Neighbour;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.route.RouteEntry;
import io.github.netnsjunit.netlink.route.TunTapDevice;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Internal: the {@link NetNs} view of one namespace of a topology. It gets what its calls need of the topology (the
 * model, real link names, undo steps, names, traces, conditions, faults), not the topology itself.
 */
final class LiveNetNs implements NetNs, Reachability {
    private static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration LINK_UP_TIMEOUT = Duration.ofSeconds(5);
    private static final long PROCESS_END_SECONDS = 2;

    private final NamespaceHandle ns;
    private final RouteClient route;
    private final TopologyModel model;
    private final LinkNames linkNames;
    private final UndoSteps undo;
    private final TopologyNames names;
    private final Traces traces;
    private final LiveConditions conditions;
    private final LiveFaults faults;
    private final Object linkWatchLock = new Object();

    LiveNetNs(NamespaceHandle ns, TopologyModel model, LinkNames linkNames, UndoSteps undo, TopologyNames names,
            Traces traces, LiveConditions conditions, LiveFaults faults) {
        this.ns = ns;
        this.route = RouteClient.of(ns);
        this.model = model;
        this.linkNames = linkNames;
        this.undo = undo;
        this.names = names;
        this.traces = traces;
        this.conditions = conditions;
        this.faults = faults;
    }

    /**
     * The conditions, partitions and blocks in force that concern this namespace (its links, their veth peers, the
     * partitions it is part of), one line each; empty when none. For failure messages of reachability assertions.
     */
    List<String> faultsInForce() {
        return inForce(conditions, faults, name());
    }

    /** The topology's host names (for helpers given a name instead of an address). */
    HostTable hostNames() {
        return names.table();
    }

    /** The topology's partitions and blocks (to tell a refusal by our own reject rule). */
    LiveFaults faults() {
        return faults;
    }

    /** Like {@link #faultsInForce()}, each with what it hit so far (for the "in force" part of failure messages). */
    List<String> faultsInForceWithHits() {
        List<String> out = new ArrayList<>(conditions.describe(name(), true));
        out.addAll(faults.describeWithHits(name()));
        return out;
    }

    /** What {@link #faultsInForce()} says, for any namespace of a topology. */
    static List<String> inForce(LiveConditions conditions, LiveFaults faults, String namespace) {
        List<String> out = new ArrayList<>(conditions.describe(namespace));
        out.addAll(faults.describe(namespace));
        return out;
    }

    @Override
    public String name() {
        return ns.name();
    }

    @Override
    public <T> T call(Callable<T> code) throws Exception {
        try {
            return ns.call(code::call);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void run(Runnable code) throws Exception {
        call(() -> {
            code.run();
            return null;
        });
    }

    @Override
    public Process start(ProcessBuilder process) {
        // nsenter enters the namespace (and the pinned thread's mount namespace) in the child. The fork itself
        // happens in the JVM's own namespace: the JDK starts its pooled "process reaper" thread from the forking
        // thread, and one started from a namespace thread would stay in that namespace for good.
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + ns.path()));
        command.addAll(mountNamespaceOptions(process));
        command.add("--");
        Path hosts = names.hostsFile();
        if (hosts != null) {
            // the topology's host names, in an /etc/hosts of the process's own (what ip netns exec does)
            command.addAll(EtcHosts.mountPrefix(hosts));
        }
        command.addAll(process.command());
        List<String> original = process.command();
        Process p;
        try {
            p = JvmNamespace.call(() -> process.command(command).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + original + " in netns " + name()
                    + " (netns-junit runs it through nsenter from util-linux): " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            process.command(original);
        }
        undo.push("stop process " + p.pid() + " started in netns " + name(), () -> stop(p));
        return p;
    }

    /**
     * Ends a process and its descendants: SIGTERM, then SIGKILL after a while. A process a nemesis paused (SIGSTOP)
     * is continued first, or SIGTERM would wait for the SIGKILL.
     */
    private static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.descendants().forEach(d -> continueQuietly(d.pid()));
        continueQuietly(p.pid());
        if (!p.waitFor(PROCESS_END_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            if (!p.waitFor(PROCESS_END_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("process " + p.pid() + " (" + p.info().commandLine().orElse("?")
                        + ") did not end after SIGKILL");
            }
        }
    }

    private static void continueQuietly(long pid) {
        if (Signals.state(pid) != 'T') {
            return;
        }
        try {
            Signals.resume(pid);
        } catch (RuntimeException e) {
            // ended meanwhile (ESRCH): nothing to continue
        }
    }

    /**
     * nsenter options that also enter the private mount namespace of the namespace's pinned thread, where
     * {@code /sys} and {@code /proc/net} show this namespace (see netlink's {@code NamespaceMounts}), as
     * {@code ip netns exec} does for its command: {@code --mount=/proc/PID/task/TID/ns/mnt} and, since entering a
     * mount namespace moves to its root, {@code --wd} with the directory the process would have started in. None for
     * the JVM's own namespace, or when the pinned thread could not get a view of its own.
     */
    private List<String> mountNamespaceOptions(ProcessBuilder process) {
        if (!ns.isOwned()) {
            return List.of();
        }
        String mnt = "/proc/" + ProcessHandle.current().pid() + "/task/" + ns.thread().tid() + "/ns/mnt";
        try {
            if (Files.readSymbolicLink(Path.of(mnt)).equals(Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")))) {
                return List.of();
            }
        } catch (IOException e) {
            return List.of();
        }
        File dir = process.directory() != null ? process.directory() : new File("");
        return List.of("--mount=" + mnt, "--wd=" + dir.getAbsolutePath());
    }

    @Override
    public PingResult ping(String address) {
        return ping(address, 3, DEFAULT_PING_TIMEOUT);
    }

    @Override
    public PingResult ping(String address, int count, Duration timeout) {
        return ping(address, count, timeout, null);
    }

    @Override
    public PingResult ping(String address, int count, Duration timeout, String sourceInterface) {
        InetAddress target = TopologyAddresses.resolve(this, address);
        Duration interval = Duration.ofMillis(Math.min(200, timeout.toMillis()));
        PingReport report = sourceInterface == null
                ? IcmpEcho.ping(ns, target, count, timeout, interval)
                : IcmpEcho.ping(ns, target, count, timeout, interval, real(sourceInterface));
        return new PingResult(name(), IpAddresses.format(target), report.sent(), report.rtts(),
                report.errors().stream().map(PingError::toString).distinct().toList(), timeout,
                routeTo(target).orElse(null), report.duplicates(), report.sendFailure().orElse(null));
    }

    @Override
    public PingResult probe(InetAddress target, int count, Duration timeout, String sourceInterface) {
        Duration interval = Duration.ofMillis(Math.min(200, timeout.toMillis()));
        PingReport report = IcmpEcho.probe(ns, target, count, timeout, interval,
                sourceInterface == null ? null : real(sourceInterface));
        return new PingResult(name(), IpAddresses.format(target), report.sent(), report.rtts(),
                report.errors().stream().map(PingError::toString).distinct().toList(), timeout,
                report.isReachable() ? null : routeTo(target).orElse(null), report.duplicates(),
                report.sendFailure().orElse(null));
    }

    @Override
    public PathTrace trace(String address) {
        return traces.tracer().trace(ns, TopologyAddresses.resolve(this, address), -1, null);
    }

    @Override
    public PathTrace trace(String address, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        return traces.tracer().trace(ns, TopologyAddresses.resolve(this, address), port, null);
    }

    @Override
    public PathTrace trace(InetAddress target, int port, String sourceInterface) {
        return traces.tracer().trace(ns, target, port, sourceInterface == null ? null : real(sourceInterface));
    }

    @Override
    public Optional<String> routeTo(String address) {
        return routeTo(TopologyAddresses.resolve(this, address));
    }

    private Optional<String> routeTo(InetAddress target) {
        // the kernel's own choice (RTM_GETROUTE, ip route get fibmatch), not a prefix match of ours
        return route.routeTo(target).map(r -> r.format(StateDump.nameOf(route.links(), r.outIndex())));
    }

    @Override
    public boolean canConnect(String address, int port, Duration timeout) {
        InetAddress target = TopologyAddresses.resolve(this, address);
        return ns.callUnchecked(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(target, port), (int) Math.max(1, timeout.toMillis()));
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Override
    public List<Link> links() {
        return route.links();
    }

    @Override
    public List<Address> addresses() {
        return route.addresses();
    }

    @Override
    public List<RouteEntry> routes() {
        return route.routes();
    }

    @Override
    public List<Neighbour> neighbours() {
        return route.neighbours();
    }

    @Override
    public List<FdbEntry> fdb(String bridge) {
        return route.fdb(real(bridge));
    }

    @Override
    public String sysctl(String key) {
        return ns.sysctl(key);
    }

    @Override
    public void sysctl(String key, String value) {
        String old = ns.sysctl(key, value);
        if (Namespaces.HOST.equals(name()) && !old.equals(value)) {
            undo.push("restore host sysctl " + key + "=" + old,
                    () -> ns.callUnchecked(() -> {
                        Sysctls.write(key, old);
                        return null;
                    }));
        }
    }

    @Override
    public void linkDown(String name) {
        route.linkDown(real(name));
    }

    /**
     * Brings the link up and waits with the readiness of topology setup: a link notification reporting it
     * operational, which the kernel sends only after activating its transmit queue. A link-table poll can see the
     * operstate UP while the queue is still the "noop" qdisc that drops the first packets (see {@link LinkWatch}).
     * The watch is opened before the change, so the notification cannot be missed. Serialised per namespace: the
     * watches share the namespace's route socket and its kept notifications.
     */
    @Override
    public void linkUp(String name) {
        String real = real(name);
        synchronized (linkWatchLock) {
            try (LinkWatch watch = route.watchLinks()) {
                route.linkUp(real);
                watch.awaitOperational(List.of(real), LINK_UP_TIMEOUT);
            }
        }
    }

    @Override
    public TunTapDevice openTap(String name, String... addresses) {
        return openTunTap(TunTapDevice.Mode.TAP, name, addresses);
    }

    @Override
    public TunTapDevice openTun(String name, String... addresses) {
        return openTunTap(TunTapDevice.Mode.TUN, name, addresses);
    }

    /**
     * Opens the device on the namespace's thread (the link is made in the opener's namespace), adds the addresses,
     * brings it up and waits until it is operational (the open descriptor is its carrier). Closed by an undo step
     * if the test does not close it: closing deletes the link.
     */
    private TunTapDevice openTunTap(TunTapDevice.Mode mode, String name, String... addresses) {
        List<IpPrefix> prefixes = new ArrayList<>();
        String call = "open" + (mode == TunTapDevice.Mode.TAP ? "Tap" : "Tun") + "(\"" + name + "\")";
        for (String a : addresses) {
            // the prefix length is required, as for declared links: it decides the connected route
            if (!a.contains("/")) {
                throw new IllegalArgumentException(call + ": address \"" + a + "\" is not in CIDR notation (no prefix"
                        + " length); write e.g. \"10.50.0.1/24\"");
            }
            try {
                prefixes.add(IpPrefix.parse(a));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(call + ": address \"" + a + "\" is not in CIDR notation ("
                        + e.getMessage() + "); write e.g. \"10.50.0.1/24\"", e);
            }
        }
        TunTapDevice device = TunTapDevice.open(ns, mode, name);
        undo.push("close " + device + " in netns " + name(), device::close);
        try {
            int index = route.requireLink(name).index();
            if (!prefixes.isEmpty()) {
                RouteChanges changes = route.changes();
                prefixes.forEach(p -> changes.addAddress(index, name, p));
                changes.execute();
            }
            linkUp(name);
            return device;
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
    }

    /** Declared link names are real names, except in the host, where ours are made unique. */
    private String real(String declared) {
        return linkNames.real(name(), declared);
    }

    @Override
    public List<String> hostnames() {
        for (NamespaceSpec spec : model.namespaces()) {
            if (spec.name().equals(name())) {
                return spec.hostnames();
            }
        }
        return List.of();
    }

    @Override
    public String path() {
        return ns.path();
    }

    @Override
    public String describe() {
        String state = StateDump.describe(name(), route, new Nftables(ns));
        List<String> names = hostnames();
        return names.isEmpty() ? state
                : state + (state.endsWith("\n") ? "" : "\n") + "host names: " + String.join(" ", names)
                        + (InJvmResolution.isInstalled() ? ""
                                : " (in this JVM they resolve only on threads inside the topology: Java "
                                + Runtime.version().feature() + ", see README \"Host names\")") + "\n";
    }

    @Override
    public String toString() {
        return "netns " + name();
    }

    @Override
    public ConditionsBuilder conditions(String link) {
        requireDeclaredLink(Objects.requireNonNull(link, "link"), "conditions(" + Origin.quote(link) + ")");
        return new LiveConditionsBuilder(conditions, model, name(), link);
    }

    @Override
    public CountedFault conditionsInForce(String link) {
        requireDeclaredLink(Objects.requireNonNull(link, "link"), "conditionsInForce(" + Origin.quote(link) + ")");
        return new LinkConditionsFault(conditions, name(), link);
    }

    @Override
    public void clearConditions(String link) {
        requireDeclaredLink(Objects.requireNonNull(link, "link"), "clearConditions(" + Origin.quote(link) + ")");
        conditions.clear(name(), link);
    }

    /** Checks a link named by a call is declared in this namespace. */
    private void requireDeclaredLink(String link, String call) {
        List<LinkEnd> links = model.linksIn(name());
        if (links.stream().noneMatch(e -> e.name().equals(link))) {
            throw new IllegalArgumentException(call + " in netns " + name() + ": " + Origin.quote(link) + " is not a "
                    + "link declared in this namespace; its links are: " + (links.isEmpty() ? "none"
                    : links.stream().map(e -> Origin.quote(e.name())).collect(Collectors.joining(", "))) + ".");
        }
    }

    @Override
    public Block block(String address, int port) {
        return faults.block(name(), Objects.requireNonNull(address, "address"), port, false);
    }

    @Override
    public ConnectionFaultBuilder connections(String address, int port) {
        return new ConnectionFaultBuilderImpl(name(), address, port, model, spec -> spec.byRelay()
                ? faults.relayedConnectionFault(spec, RelayedConnectionFault.apply(spec, conditions.relaysOf(name()),
                        "NetNs(" + name() + ").connections(\"" + address + "\", " + port + ")"))
                : faults.connectionFault(spec));
    }

    @Override
    public Block reject(String address, int port) {
        return faults.block(name(), Objects.requireNonNull(address, "address"), port, true);
    }

    @Override
    public Block dropFragmentationNeeded() {
        return faults.dropFragmentationNeeded(name());
    }

    @Override
    public DnsFaultBuilder dns() {
        return names.dnsFaults(name(), "NetNs(" + name() + ").dns()");
    }
}
