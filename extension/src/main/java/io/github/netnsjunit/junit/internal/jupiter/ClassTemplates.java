package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.model.Origin;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Internal: class templates ({@code @ParameterizedClass}, {@code @ClassTemplate} with a provider; JUnit 5.13+).
 * JUnit 5.14 gives such a class one class context, the template's, and below it one context per invocation, whose
 * element is the same class. It calls {@code BeforeAllCallback}/{@code AfterAllCallback} and the class's
 * {@code @BeforeAll}/{@code @AfterAll} methods once, in the template's context, before the first invocation and
 * after the last; the tests, {@code @BeforeEach}/{@code @AfterEach} and the
 * {@code @BeforeParameterizedClassInvocation}/{@code @AfterParameterizedClassInvocation} methods (whose parameters
 * are resolved in the invocation's context) run in an invocation's context.
 *
 * <p>The extension's registry of instances lives in the template's context ({@link ExtensionInstances}); a shared
 * topology ({@code @SharedTopology}) lives in each invocation's context: one per invocation, like a fresh topology
 * for each invocation of a {@code @ParameterizedTest}, so that no invocation sees what another left (servers,
 * conditions, routes, conntrack entries). {@code @BeforeAll}/{@code @AfterAll} code of a template therefore has no
 * topology to run in, and is refused before the class runs when it asks for one ({@code @InNamespace}, a
 * {@code NetNs}/{@code Topology} parameter): silently giving it a topology of its own, which no test sees, is what
 * made a server started there unreachable.
 */
final class ClassTemplates {
    private ClassTemplates() {
    }

    /** True when the class is a class template (its own annotation, a meta-annotation or an inherited one). */
    static boolean isTemplate(Class<?> testClass) {
        return AnnotationSupport.isAnnotated(testClass, ClassTemplate.class);
    }

    /** True for the context of one invocation of a class template: its parent is the template, of the same class. */
    static boolean isInvocation(ExtensionContext context) {
        return context.getElement().orElse(null) instanceof Class<?>
                && context.getParent().flatMap(ExtensionContext::getElement).equals(context.getElement());
    }

    /** True for the context of a class template itself (not one of its invocations). */
    static boolean isTemplateContext(ExtensionContext context) {
        return context.getElement().orElse(null) instanceof Class<?> c && isTemplate(c) && !isInvocation(context);
    }

    /**
     * The context a class's shared topology belongs to: for a test (or any code) of a class template's invocation,
     * that invocation; otherwise the nearest enclosing class context.
     */
    static ExtensionContext sharedTopologyContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (!(c.getElement().orElse(null) instanceof Class<?>) && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    /**
     * Refuses, before the class runs, what would run in the wrong place: {@code @InNamespace} on
     * {@code @BeforeParameterizedClassInvocation}/{@code @AfterParameterizedClassInvocation} methods (see
     * {@link ParameterizedClassCallbacks}) and, on a class template, {@code @BeforeAll}/{@code @AfterAll} methods
     * that ask for a topology. All problems in one message.
     *
     * @param shared whether the class shares one topology between its tests (per invocation, for a template)
     */
    static void refuseMisplacedCode(Class<?> testClass, boolean shared) {
        List<String> problems = new ArrayList<>(ParameterizedClassCallbacks.problems(testClass, shared));
        if (isTemplate(testClass)) {
            problems.addAll(classLevelProblems(testClass, shared));
        }
        if (!problems.isEmpty()) {
            throw new TopologyDeclarationException(testClass, problems);
        }
    }

    private static List<String> classLevelProblems(Class<?> testClass, boolean shared) {
        List<String> problems = new ArrayList<>();
        List<Method> methods = new ArrayList<>(AnnotationSupport.findAnnotatedMethods(testClass, BeforeAll.class,
                HierarchyTraversalMode.TOP_DOWN));
        methods.addAll(AnnotationSupport.findAnnotatedMethods(testClass, AfterAll.class,
                HierarchyTraversalMode.BOTTOM_UP));
        for (Method m : methods) {
            String kind = AnnotationSupport.isAnnotated(m, BeforeAll.class) ? "@BeforeAll" : "@AfterAll";
            List<String> asks = new ArrayList<>();
            Placement.perClass(m).filter(n -> Placement.isTestNamespace(Optional.of(n)))
                    .ifPresent(n -> asks.add("@InNamespace(\"" + n + "\")"));
            Parameter[] parameters = m.getParameters();
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i].getType() == NetNs.class || parameters[i].getType() == Topology.class) {
                    asks.add("parameter " + DeclaredTopology.parameterName(parameters[i], i));
                }
            }
            if (asks.isEmpty()) {
                continue;
            }
            problems.add(String.join(" and ", asks) + " on " + kind + " " + Origin.describe(m) + ": "
                    + testClass.getName() + " is a class template (@ParameterizedClass or @ClassTemplate), whose "
                    + (shared ? "shared topology is built once for each invocation" : "topology is built for each test")
                    + ", and JUnit runs its @BeforeAll/@AfterAll methods once for all invocations, outside every"
                    + " topology; the class was not run. To do it once per invocation in the invocation's topology,"
                    + " use a @BeforeParameterizedClassInvocation/@AfterParameterizedClassInvocation method without"
                    + " @InNamespace that takes a @Ns(\"name\") NetNs parameter and runs the code with ns.call(...) or"
                    + " ns.start(...)" + (shared ? "" : " (with @SharedTopology on the class)")
                    + "; or use an @InNamespace @BeforeEach/@AfterEach method.");
        }
        return problems;
    }
}
