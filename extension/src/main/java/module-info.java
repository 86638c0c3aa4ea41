/**
 * netns-junit: a JUnit Jupiter extension that builds declared network topologies (namespaces, veth pairs, bridges,
 * routes, NAT) through netlink and runs tests inside them.
 *
 * <p>API: {@code io.github.netnsjunit.junit} (annotations, {@code NetnsExtension}, {@code NetworkTopology},
 * {@code TopologyPlan}, the values a test sees) and {@code io.github.netnsjunit.junit.assertj} (AssertJ entry point;
 * needs {@code org.assertj.core}, an optional dependency a user of it has already). The {@code internal} packages
 * are not exported; of them only {@code internal.jupiter} (the JUnit glue: callbacks, listeners, the run's
 * configuration) uses JUnit, the rest of the engine builds topologies without it. Usable on the class path as well.
 *
 * <p>On the module path, a test module that lets the extension inject {@link io.github.netnsjunit.junit.NetNs} or
 * {@link io.github.netnsjunit.junit.Topology} into non-public fields opens its test packages to this module (as it
 * opens them to {@code org.junit.platform.commons} for JUnit itself).
 */
module io.github.netnsjunit.junit {
    // NetNs and the injected values return the netlink records (Link, Address, RouteEntry, ...)
    requires transitive io.github.netnsjunit.netlink;
    // NetnsExtension implements Jupiter's extension interfaces; TopologyDeclarationException is a JUnitException
    requires transitive org.junit.jupiter.api;
    // the internal.jupiter listeners are LauncherSessionListeners
    requires org.junit.platform.launcher;
    // the leftover-thread check reads thread CPU times (ThreadMXBean)
    requires java.management;
    // the nemesis kit's process faults send SIGSTOP/SIGCONT/SIGKILL with kill(2) (ProcessHandle knows only TERM/KILL)
    requires org.jnrproject.posix;
    // only the assertj package uses it; whoever calls NetAssertions has AssertJ already
    requires static org.assertj.core;

    exports io.github.netnsjunit.junit;
    exports io.github.netnsjunit.junit.assertj;
    exports io.github.netnsjunit.junit.nemesis;

    provides org.junit.platform.launcher.LauncherSessionListener
            with io.github.netnsjunit.junit.internal.jupiter.CommonPoolListener,
                 io.github.netnsjunit.junit.internal.jupiter.HostSweepListener,
                 io.github.netnsjunit.junit.internal.jupiter.SealedJvmListener;
    // netns.junit.jvmNamespace=private: the thread that runs the test plan moves into a private namespace
    provides org.junit.platform.launcher.TestExecutionListener
            with io.github.netnsjunit.junit.internal.jupiter.PrivateJvmNamespace;
}
