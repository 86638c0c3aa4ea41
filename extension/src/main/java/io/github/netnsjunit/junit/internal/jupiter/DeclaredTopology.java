package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.jupiter.Diagnostics;
import io.github.netnsjunit.junit.internal.jupiter.Placement;
import io.github.netnsjunit.junit.internal.declaration.AnnotationTopologyReader;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.TopologyModels;
import io.github.netnsjunit.junit.internal.model.TopologyValidator;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * What a test (or, for a class-scoped topology, a test class) declares: its annotations and the topologies of the
 * extension instances registered for its class, merged and validated together. Also checks what refers to the
 * topology from outside it — {@link InNamespace}, {@link Ns}, {@code NetNs} parameters, {@link Capture} — so that
 * every problem is reported at once, before anything is created.
 */
final class DeclaredTopology {
    private DeclaredTopology() {
    }

    /**
     * The validated model.
     *
     * @param method the test method; null for the class-level topology of {@link SharedTopology}
     * @throws TopologyDeclarationException listing every problem
     */
    static TopologyModel read(Class<?> testClass, Method method, List<RawTopology> programmatic) {
        RawTopology raw = new AnnotationTopologyReader().readDeclarations(testClass, Optional.ofNullable(method));
        for (RawTopology topology : programmatic) {
            raw = raw.merge(topology);
        }
        // every problem at once: references from @InNamespace/@Ns too, even when the topology itself is invalid
        TopologyValidator.Result result = TopologyValidator.validate(raw);
        List<String> problems = new ArrayList<>(result.problems());
        if (result.isValid() && method != null) {
            problems.addAll(Diagnostics.check(result.model(), testClass, method)); // @Capture
        }
        Optional<String> placement = Placement.perTest(testClass, method);
        RawTopology declared = raw;
        placement.ifPresent(name -> TopologyModels.checkNamespaceReference(declared, name,
                Origin.of("@InNamespace(\"" + name + "\")", method != null ? method : testClass), "value")
                .ifPresent(problems::add));
        if (method != null) {
            checkParameters(raw, method, placement, "test", problems);
            for (Method lifecycle : perTestLifecycleMethods(testClass)) {
                checkParameters(raw, lifecycle, Placement.perTest(testClass, lifecycle), "method", problems);
                Placement.perTest(testClass, lifecycle).filter(n -> !n.equals(placement.orElse(null)))
                        .ifPresent(name -> TopologyModels.checkNamespaceReference(declared, name,
                                Origin.of("@InNamespace(\"" + name + "\")", lifecycle), "value")
                                .ifPresent(problems::add));
            }
        }
        if (!problems.isEmpty()) {
            throw new TopologyDeclarationException(testClass, problems.stream().distinct().toList());
        }
        return result.model();
    }

    /** {@code @BeforeEach}/{@code @AfterEach} methods of the class, its superclasses and enclosing classes. */
    private static List<Method> perTestLifecycleMethods(Class<?> testClass) {
        List<Method> methods = new ArrayList<>();
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            methods.addAll(AnnotationSupport.findAnnotatedMethods(c, BeforeEach.class, HierarchyTraversalMode.TOP_DOWN));
            methods.addAll(AnnotationSupport.findAnnotatedMethods(c, AfterEach.class, HierarchyTraversalMode.TOP_DOWN));
        }
        return methods;
    }

    /** {@code @Ns} names must be declared; a {@code NetNs} without {@code @Ns} needs a namespace to run in. */
    private static void checkParameters(RawTopology raw, Method method, Optional<String> placement, String kind,
            List<String> problems) {
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Parameter p = parameters[i];
            Ns ns = p.getAnnotation(Ns.class);
            if (ns != null) {
                TopologyModels.checkNamespaceReference(raw, ns.value(),
                        new Origin("@Ns(\"" + ns.value() + "\")",
                                "parameter " + parameterName(p, i) + " of " + Origin.describe(method)),
                        "value").ifPresent(problems::add);
            } else if (p.getType() == NetNs.class && placement.isEmpty()) {
                problems.add("parameter " + parameterName(p, i) + " of " + Origin.describe(method)
                        + " is a NetNs but names no namespace: annotate it with @Ns(\"name\"), or run the "
                        + kind + " in one with @InNamespace(\"name\").");
            }
        }
    }

    /** The parameter's name when compiled with {@code -parameters}, else its position: "arg0" would say nothing. */
    static String parameterName(Parameter p, int index) {
        return p.isNamePresent() ? p.getName() : "#" + (index + 1) + " (" + p.getType().getSimpleName() + ")";
    }
}
