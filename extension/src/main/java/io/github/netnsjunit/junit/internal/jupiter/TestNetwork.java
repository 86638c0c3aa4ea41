package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.TeardownException;
import io.github.netnsjunit.junit.internal.Configuration;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.Privileges;
import io.github.netnsjunit.junit.internal.TopologyFactory;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.ns.NamespaceThread;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Internal: everything the extension holds for one extension context — a test method's (or a template
 * invocation's), or a test class's when its topology is shared — as one {@link AutoCloseable} value in that
 * context's store, which JUnit closes when the context ends, after every {@code @AfterEach}/{@code @AfterAll}
 * method and callback. Like JUnit's own {@code TempDirectory}: no teardown bookkeeping in the extension.
 *
 * <p>It owns its parts in the order they were acquired, and {@link #close()} ends them in the reverse order,
 * continuing past failures and reporting them together:
 * <ol>
 *   <li>the host guard (in-JVM turn and cross-JVM lease), when the topology changes the host namespace;</li>
 *   <li>the live topology (namespaces, host links, NAT tables, sysctls, processes, and whatever features attach
 *       to it through its {@link UndoSteps});</li>
 *   <li>the diagnostics of a test (captures; on failure the report and, if asked, the kept namespaces), which
 *       must read the namespaces before they go.</li>
 * </ol>
 * A build that fails is remembered: every later use of the same network (the other tests of a class sharing it)
 * fails with the same exception, and what was acquired before the failure is still released at close.
 */
public final class TestNetwork implements AutoCloseable {
    private static final String KEY = "network";

    private final ExtensionContext context;
    private final Configuration configuration;
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private LiveTopology live;
    private RuntimeException failure;
    private boolean built;

    private TestNetwork(ExtensionContext context) {
        this.context = context;
        this.configuration = JupiterConfiguration.of(context);
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getStore(ExtensionContext.Namespace.create(TestNetwork.class, context.getUniqueId()));
    }

    /** This context's own network, created (not yet built) on first call. */
    public static TestNetwork of(ExtensionContext context) {
        return store(context).getOrComputeIfAbsent(KEY, k -> new TestNetwork(context), TestNetwork.class);
    }

    /** The network of this context or of the nearest enclosing context that has one. */
    public static Optional<TestNetwork> nearest(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            TestNetwork network = store(c).get(KEY, TestNetwork.class);
            if (network != null) {
                return Optional.of(network);
            }
        }
        return Optional.empty();
    }

    /** The context whose lifetime this network has. */
    public ExtensionContext context() {
        return context;
    }

    /** True once built successfully (with or without namespaces). */
    public synchronized boolean isBuilt() {
        return built;
    }

    /**
     * Builds the topology unless already done; idempotent. Nothing is built when the model is empty and no code
     * runs in a namespace.
     *
     * @param model        reads and validates the declarations (called once)
     * @param namespaceRun whether code of this context runs in a test namespace
     * @return the live topology; empty when there is nothing to build
     * @throws RuntimeException what the first attempt threw, again on every call
     */
    public synchronized Optional<LiveTopology> build(Supplier<TopologyModel> model, boolean namespaceRun) {
        if (failure != null) {
            throw failure;
        }
        if (!built) {
            try {
                TopologyModel declared = model.get();
                if (!declared.isEmpty() || namespaceRun) {
                    start(declared);
                }
                built = true;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return Optional.ofNullable(live);
    }

    /** The live topology once built; empty before, or when there was nothing to build. */
    public synchronized Optional<LiveTopology> live() {
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(live);
    }

    private void start(TopologyModel model) {
        Optional<String> missing = Privileges.missing();
        if (missing.isPresent()) {
            if (configuration.missingPrivileges() == Configuration.MissingPrivileges.SKIP) {
                throw new TestAbortedException(missing.get());
            }
            throw new IllegalStateException(missing.get());
        }
        // @DnsFault: checked before anything is built, in force from the build on
        List<AnnotatedElement> declaring = new ArrayList<>();
        context.getTestMethod().ifPresent(declaring::add);
        context.getTestClass().ifPresent(declaring::add);
        var dnsFaults = DeclaredDnsFaults.check(
                context.getTestClass().orElse(null), declaring, model);
        var connectionFaults = DeclaredConnectionFaults.check(context.getTestClass().orElse(null), declaring, model);
        if (model.touchesHost()) {
            parts.push(HostGuard.acquire(context));
        }
        live = new TopologyFactory(configuration.readyTimeout(), configuration.conditions()).build(model);
        parts.push(live);
        dnsFaults.applyTo(live);
        connectionFaults.applyTo(live);
        OpenFaults.markStart(context, this); // declared faults are in force for the test, not left open by it
        if (context.getTestMethod().isPresent()) {
            Diagnostics diagnostics = Diagnostics.start(context, live, configuration); // @Capture starts
            LiveTopology topology = live;
            parts.push(() -> diagnostics.beforeTeardown(context, topology));
        }
    }

    /**
     * For a test that uses its class's shared topology: when the test ends, the pinned threads it used end too,
     * so each test gets fresh ones. Registered once per test context.
     */
    public void releaseThreadsAfter(ExtensionContext testContext) {
        store(testContext).getOrComputeIfAbsent("release", k -> (AutoCloseable) this::releaseThreads,
                AutoCloseable.class);
    }

    /** Ends the pinned threads of the built topology; the next use starts fresh ones. */
    public void releaseThreads() {
        live().ifPresent(topology -> topology.handles()
                .forEach(ns -> ns.releaseThread(NamespaceThread.END_TIMEOUT_MILLIS)));
    }

    /** The namespace handle of that name in the built topology. */
    public NamespaceHandle handle(String name) {
        return live().map(t -> t.handle(name)).orElseThrow(() -> new IllegalStateException(
                "no topology is built for " + context.getDisplayName()));
    }

    /** Ends every part, last acquired first; all failures are reported together. */
    @Override
    public void close() {
        List<Throwable> failures = new ArrayList<>();
        synchronized (this) {
            while (!parts.isEmpty()) {
                try {
                    parts.pop().close();
                } catch (Exception | Error e) {
                    failures.add(e);
                }
            }
        }
        if (failures.size() == 1 && failures.get(0) instanceof RuntimeException e) {
            throw e;
        }
        if (failures.size() == 1 && failures.get(0) instanceof Error e) {
            throw e;
        }
        if (!failures.isEmpty()) {
            throw new TeardownException(failures);
        }
    }
}
