package io.github.netnsjunit.junit;

/**
 * Configuration parameters, set like any JUnit parameter: in {@code src/test/resources/junit-platform.properties},
 * as {@code -D} system properties of the test JVM, or through the launcher.
 */
public final class NetnsConfig {
    /**
     * What to do when the JVM lacks the privileges to create namespaces: {@code fail} (default) or {@code skip}
     * (the test is aborted and reported as skipped, with the same explanation).
     */
    public static final String MISSING_PRIVILEGES = "netns.junit.missingPrivileges";

    /**
     * {@code true} keeps the namespaces of a failed test for inspection; default {@code false}.
     *
     * <p>Before teardown, each namespace the test created is bind-mounted at
     * {@code /run/netns/nj-<pid>-<jvm start time>-<namespace>} (like {@code ip netns attach}), so that it outlives
     * the test and the JVM. The commands to look inside and to remove them are printed on standard output, added
     * to {@code state.txt} and published as report entries {@code netns-junit.kept.<namespace>}:
     * <pre>
     * ip netns exec nj-4242-98765-ns0 bash
     * nsenter --net=/run/netns/nj-4242-98765-ns0
     * ip netns del nj-4242-98765-ns0
     * </pre>
     * Links a kept namespace shared with {@code "host"} are still removed. The first test run after the JVM has
     * ended removes what it kept (only {@code /run/netns/nj-*} entries of JVMs that are gone are touched). The
     * mounts live in the JVM's mount namespace: a containerised JVM's are not visible to the host's {@code ip netns}.
     */
    public static final String KEEP_ON_FAILURE = "netns.junit.keepOnFailure";

    /**
     * Where diagnostics go; default {@code target/netns-junit}, relative to the working directory (the module's
     * directory under Maven). Each test gets {@code <reportDirectory>/<test class simple name>/<test display name>/},
     * names reduced to letters, digits, {@code . _ -} (for a class template, the class part also names the
     * invocation: {@code <class> [1] n=1}). When a test fails, before teardown, it holds:
     * <ul>
     *   <li>{@code state.txt}: every namespace as read from the kernel (links with flags and operstate, addresses,
     *       routes, neighbours, bridge forwarding databases, nftables rules), close to {@code ip addr} /
     *       {@code ip route}; the same text is attached to the failure as a suppressed exception headed
     *       {@code Network state when the test failed (also in <path>):}, and the path is published as report
     *       entry {@code netns-junit.state};</li>
     *   <li>{@code topology.mmd} and {@code topology.dot}: the declared topology as a Mermaid flowchart and a
     *       Graphviz graph (see {@link Topology#diagram(DiagramFormat)});</li>
     *   <li>the {@link Capture @Capture} pcap files, {@code <namespace>-<interface>.pcap} (report entries
     *       {@code netns-junit.capture}).</li>
     * </ul>
     * Files an earlier run of the same test left there are deleted when it starts again.
     */
    public static final String REPORT_DIRECTORY = "netns.junit.reportDirectory";

    /**
     * Which {@link Capture @Capture} pcap files to keep: {@code failed} (default) deletes those of passing tests;
     * {@code always} keeps every file (and publishes its path as report entry {@code netns-junit.capture}). Any
     * other value fails the test.
     */
    public static final String CAPTURE_KEEP = "netns.junit.capture.keep";

    /**
     * {@code method} (default): a fresh topology for every test; {@code class}: one topology per test class, for
     * tests that do not change it.
     */
    public static final String TOPOLOGY_SCOPE = "netns.junit.topologyScope";

    /** How long to wait for links to become operational after setup, in milliseconds; default 5000. */
    public static final String READY_TIMEOUT_MILLIS = "netns.junit.readyTimeoutMillis";

    /**
     * Which engine applies {@link LinkConditions}: {@code auto} (default) uses the kernel's netem and tbf qdiscs where
     * {@code sch_netem} works and the userspace relay elsewhere (a rate alone always uses tbf); {@code kernel} only the
     * qdiscs (a test asking for what they cannot give fails before anything is built); {@code userspace} builds every
     * link with conditions through the relay. Any other value fails the test naming the allowed ones.
     */
    public static final String CONDITIONS_ENGINE = "netns.junit.conditions.engine";

    /**
     * What to do when no engine can give the conditions a test declares (e.g. {@code engine=kernel} and a delay on a
     * kernel without {@code sch_netem}): {@code fail} (default) or {@code skip} (the test is aborted with the same
     * explanation), like {@link #MISSING_PRIVILEGES}.
     */
    public static final String CONDITIONS_UNAVAILABLE = "netns.junit.conditions.unavailable";

    /**
     * Which network namespace the test JVM's own threads (JUnit's, and every thread started from them) live in:
     * {@code machine} (default) — the one the JVM was started in; {@code private} — a fresh namespace with only
     * {@code lo}, made when the test plan starts by the thread that then runs the tests, so that every thread JUnit,
     * tests and client libraries create from then on is born there, and {@code "host"} in a topology means that
     * namespace (as in a sealed test JVM). Needs CAP_SYS_ADMIN; without it every netns-junit test fails naming the
     * fix (sealed test JVMs, {@code -Psealed}).
     */
    public static final String JVM_NAMESPACE = "netns.junit.jvmNamespace";

    /**
     * Replays one seed of a {@link SeedSweep}: {@code -Dnetns.junit.seed=42} runs each swept class or method once,
     * with seed 42 (the seed a failure's display name and message gave), instead of its sweep.
     */
    public static final String SEED = "netns.junit.seed";

    private NetnsConfig() {
    }
}
