package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.model.RawTopology;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@code JupiterCallbacks} instances (each as its {@link JupiterCallbacks}) registered for one test class, and what each declares. A class can have
 * several: the one its annotations register, and one per static {@code @RegisterExtension} field (its own, its
 * superclasses', its enclosing classes'). Each registers itself in {@code beforeAll} — JUnit calls every
 * {@code beforeAll} before anything else of the class runs — and the first one registered acts for all of them:
 * it builds the merged topology, runs code in namespaces and resolves parameters; the others step aside. Kept in
 * the class context's own store (not inherited by a {@code @Nested} class, which registers its own); for a class
 * template, in the template's context, which its invocations share. An instance
 * that annotations on a test method registered gets no {@code beforeAll}: it registers in that test's context.
 */
final class ExtensionInstances {
    private final List<JupiterCallbacks> instances = new ArrayList<>();
    private final List<RawTopology> topologies = new ArrayList<>();

    private static ExtensionContext.Store store(ExtensionContext classContext) {
        return classContext.getStore(ExtensionContext.Namespace.create(ExtensionInstances.class,
                classContext.getUniqueId()));
    }

    /** The registry of this class context. */
    static ExtensionInstances of(ExtensionContext classContext) {
        return store(classContext).getOrComputeIfAbsent(ExtensionInstances.class, k -> new ExtensionInstances(),
                ExtensionInstances.class);
    }

    /**
     * The class context a context belongs to: itself, or the nearest enclosing class-level context; for a class
     * template's invocation, the template's (JUnit calls {@code beforeAll} there only, see {@link ClassTemplates}).
     */
    static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while ((!(c.getElement().orElse(null) instanceof Class<?>) || ClassTemplates.isInvocation(c))
                && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    synchronized void register(JupiterCallbacks instance, RawTopology topology) {
        if (!instances.contains(instance)) {
            instances.add(instance);
            if (!topology.isEmpty() && !topologies.contains(topology)) {
                topologies.add(topology);
            }
        }
    }

    synchronized boolean isRegistered(JupiterCallbacks instance) {
        return instances.contains(instance);
    }

    private synchronized JupiterCallbacks first() {
        return instances.isEmpty() ? null : instances.get(0);
    }

    /**
     * True for the instance that acts for every instance of this context: the first registered for its class, or,
     * when annotations on test methods only registered the extension (JUnit then calls no {@code beforeAll}), the
     * first registered for the test.
     */
    static boolean isPrimary(ExtensionContext context, JupiterCallbacks instance) {
        ExtensionContext classContext = classContext(context);
        JupiterCallbacks first = of(classContext).first();
        for (ExtensionContext c = context; first == null && c != classContext; c = c.getParent().orElse(classContext)) {
            ExtensionInstances own = store(c).get(ExtensionInstances.class, ExtensionInstances.class);
            first = own == null ? null : own.first();
        }
        return first == instance;
    }

    /** The declarations of the programmatic topologies, in registration order. */
    synchronized List<RawTopology> topologies() {
        return List.copyOf(topologies);
    }
}
