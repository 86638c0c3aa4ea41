package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.VirtualThreadCarriers;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

/**
 * Internal: runs one invocation of user code (a test, a lifecycle method, a factory, a dynamic test) on the pinned
 * platform thread of a namespace of its topology, and explains why it cannot when it cannot.
 */
public final class NamespaceRunner {
    private NamespaceRunner() {
    }

    /**
     * Runs {@code invocation} on the pinned thread of {@code namespace}; what it throws reaches JUnit unchanged. On
     * a timeout the pinned thread's stack is attached (see {@code NamespaceThread.call}).
     */
    public static <T> T run(TestNetwork network, String namespace, Invocation<T> invocation, ExtensionContext context)
            throws Throwable {
        if (isVirtual(Thread.currentThread())) {
            throw new IllegalStateException("netns-junit cannot run " + context.getDisplayName() + " in netns "
                    + namespace + " from virtual thread " + Thread.currentThread()
                    + ": a namespace belongs to an OS thread, and a virtual thread moves between carriers. "
                    + "Run the test on a platform thread (the default).");
        }
        NamespaceHandle ns = network.handle(namespace);
        // a first virtual thread started by the code below must not make the scheduler's carriers in the namespace
        VirtualThreadCarriers.ensureWarm();
        return ns.call(invocation::proceed);
    }

    /**
     * Runs {@code invocation} on the calling (JUnit) thread, tied to the topology while it runs, so that host names
     * looked up there answer from this test's topology even when another test's topology maps them elsewhere.
     */
    public static <T> T runTied(Optional<LiveTopology> topology, Invocation<T> invocation) throws Throwable {
        if (topology.isEmpty()) {
            return invocation.proceed();
        }
        AutoCloseable tie = topology.get().tieCurrentThread();
        try {
            return invocation.proceed();
        } finally {
            tie.close();
        }
    }

    /** The method of the nearest enclosing context that has one: for a dynamic test, its factory. */
    public static Optional<Method> enclosingMethod(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestMethod().isPresent()) {
                return c.getTestMethod();
            }
        }
        return Optional.empty();
    }

    /** {@code @InNamespace} on a {@code @BeforeAll}/{@code @AfterAll} method of a class whose topology is per test. */
    public static TopologyDeclarationException noClassTopology(Class<?> testClass, Method method, String namespace) {
        return new TopologyDeclarationException(testClass, List.of("@InNamespace(\"" + namespace + "\") on "
                + Origin.describe(method) + ": the topology of " + testClass.getName() + " is built for each test, so"
                + " no namespace exists while @BeforeAll/@AfterAll methods run, and the method was not run. Annotate the"
                + " class with @SharedTopology to build one topology for all its tests (its @BeforeAll and @AfterAll"
                + " methods then run in it), or move the code to a @BeforeEach/@AfterEach method."));
    }

    private static boolean isVirtual(Thread t) {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            return false; // before Java 21 every thread is a platform thread
        }
    }
}
