package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.NetnsConfig;
import io.github.netnsjunit.junit.internal.VirtualThreadCarriers;
import io.github.netnsjunit.netlink.ns.JvmNamespace;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Internal: {@code netns.junit.jvmNamespace=private} ({@link NetnsConfig#JVM_NAMESPACE}). When the test plan starts,
 * the thread that then runs the tests moves into a fresh network namespace with {@code lo} up
 * ({@link JvmNamespace#makePrivate()}), before any test class's code runs. A thread is born in its creator's
 * namespace, so from then on every thread JUnit, the tests and client libraries create (JUnit's parallel workers,
 * OkHttp's, Netty's, Reactor's, gRPC's lazily made threads, timers, virtual-thread carriers) is born there, and
 * {@code "host"} means that namespace. Registered through {@code META-INF/services} as a
 * {@link TestExecutionListener}: {@code testPlanExecutionStarted} is called on the thread that executes the plan
 * (Surefire's and the console launcher's {@code main}; in JUnit's parallel mode the workers are created later, by
 * that thread or by each other).
 *
 * <p>A listener cannot fail the run (the platform logs what it throws), so a failure is kept here and every
 * netns-junit test then fails with it ({@link #requireCurrent()}, through {@link Configuration#of}).
 */
public final class PrivateJvmNamespace implements TestExecutionListener {
    private static final System.Logger LOG = System.getLogger(PrivateJvmNamespace.class.getName());

    /** Why the JVM's namespace could not be made private, or {@code null}. Set at most once per JVM. */
    private static volatile String failure;

    /** Created by the JUnit Platform through the service loader. */
    public PrivateJvmNamespace() {
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        boolean wanted = testPlan.getConfigurationParameters().get(NetnsConfig.JVM_NAMESPACE)
                .map(v -> v.trim().toLowerCase(Locale.ROOT)).filter("private"::equals).isPresent();
        if (wanted) {
            enter();
        }
        // the virtual-thread scheduler's threads, made now by the thread that runs the tests: in the JVM's namespace
        VirtualThreadCarriers.warm();
    }

    /**
     * Makes the JVM's namespace private from the calling thread, or checks that the calling thread is in it already
     * (a second test plan of the same JVM). Never throws: a failure is kept for {@link #requireCurrent()}.
     */
    static synchronized void enter() {
        if (failure != null) {
            return;
        }
        try {
            if (JvmNamespace.makePrivate()) {
                try (NamespaceHandle own = NamespaceHandle.host()) {
                    RouteClient.of(own).linkUp("lo");
                }
                LOG.log(System.Logger.Level.DEBUG, "netns-junit: the JVM''s network namespace is now {0}, made"
                        + " private by thread {1}", JvmNamespace.link(), Thread.currentThread().getName());
            }
        } catch (RuntimeException | LinkageError e) {
            failure = "configuration parameter " + NetnsConfig.JVM_NAMESPACE + " is \"private\", but thread \""
                    + Thread.currentThread().getName() + "\", which runs the tests, could not move into a private"
                    + " network namespace: " + e.getMessage() + ". It needs CAP_SYS_ADMIN (unshare(CLONE_NEWNET)):"
                    + " run the tests as root, or use sealed test JVMs (-Psealed; as an ordinary user they run in"
                    + " unshare --user --map-root-user --net), whose whole JVM is in a private namespace already —"
                    + " then leave " + NetnsConfig.JVM_NAMESPACE + " unset";
            LOG.log(System.Logger.Level.WARNING, "netns-junit: " + failure, e);
        }
    }

    /**
     * Throws unless the calling thread is in the JVM's private namespace: it could not be made, was never made (the
     * listener did not run), or the calling thread is elsewhere (started before the test plan).
     */
    static void requireCurrent() {
        String why = failure;
        if (why == null && !JvmNamespace.isPrivate()) {
            why = "configuration parameter " + NetnsConfig.JVM_NAMESPACE + " is \"private\", but the JVM's network"
                    + " namespace was never made private: netns-junit's TestExecutionListener (" 
                    + PrivateJvmNamespace.class.getName() + ", registered through META-INF/services) did not run when"
                    + " the test plan started. Do not deactivate it (junit.platform.execution.listeners.deactivate),"
                    + " and run the tests through the JUnit Platform launcher (EngineTestKit does not call listeners)";
        }
        if (why == null) {
            String here = threadNamespace("thread-self");
            // only a thread still in the machine's namespace (the leader's) is wrong here: test namespaces are fine
            if (!here.isEmpty() && here.equals(threadNamespace("self"))) {
                why = "configuration parameter " + NetnsConfig.JVM_NAMESPACE + " is \"private\", but thread \""
                        + Thread.currentThread().getName() + "\" runs tests in network namespace " + here + ", not in"
                        + " the JVM's private one (" + JvmNamespace.link() + "): it was started before the test plan"
                        + " started, from the machine's namespace. Run the tests on the thread that executes the test"
                        + " plan, or on threads started from it";
            }
        }
        if (why != null) {
            throw new ExtensionConfigurationException("netns-junit: " + why + ".");
        }
    }

    /** {@code net:[inode]} of {@code /proc/<which>/ns/net}, {@code thread-self} or {@code self} (the leader). */
    private static String threadNamespace(String which) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + which + "/ns/net")).toString();
        } catch (IOException e) {
            return "";
        }
    }
}
