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
     * {@code true} keeps the namespaces of a failed test visible to {@code ip netns} (bind-mounted under
     * /run/netns) and prints the commands to enter and remove them; the next run removes them. Default false.
     */
    public static final String KEEP_ON_FAILURE = "netns.junit.keepOnFailure";

    /** Where failure reports (state dumps, diagrams, pcaps) go; default {@code target/netns-junit}. */
    public static final String REPORT_DIRECTORY = "netns.junit.reportDirectory";

    /** {@code failed} (default) keeps pcap files of {@code @Capture} only for failing tests; {@code always} keeps all. */
    public static final String CAPTURE_KEEP = "netns.junit.capture.keep";

    /**
     * {@code method} (default): a fresh topology for every test; {@code class}: one topology per test class, for
     * tests that do not change it.
     */
    public static final String TOPOLOGY_SCOPE = "netns.junit.topologyScope";

    /** How long to wait for links to become operational after setup, in milliseconds; default 5000. */
    public static final String READY_TIMEOUT_MILLIS = "netns.junit.readyTimeoutMillis";

    private NetnsConfig() {
    }
}
