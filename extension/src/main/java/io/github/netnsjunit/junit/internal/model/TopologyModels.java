package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Internal: the entry points that turn a test's declarations into a validated {@link TopologyModel}, or
 * fail with every problem at once, before anything is created in the kernel.
 */
public final class TopologyModels {

    private TopologyModels() {
    }

    /**
     * Reads the topology annotations of a test (see {@link AnnotationTopologyReader}) and validates them.
     *
     * @param testMethod the test method, whose own declarations come last; empty for class-level use
     * @throws TopologyDeclarationException listing every problem, headed by the test class
     */
    public static TopologyModel readAndValidate(Class<?> testClass, Optional<Method> testMethod) {
        return readAndValidate(testClass, testMethod, NetworkTopology.empty());
    }

    /**
     * Like {@link #readAndValidate(Class, Optional)}, with a programmatic topology validated together with the
     * annotations (its declarations come after theirs), so that each may refer to the other's namespaces.
     *
     * @throws TopologyDeclarationException listing every problem, headed by the test class
     */
    public static TopologyModel readAndValidate(Class<?> testClass, Optional<Method> testMethod,
                                                NetworkTopology programmatic) {
        Objects.requireNonNull(testClass, "testClass");
        RawTopology raw = new AnnotationTopologyReader().readDeclarations(testClass, testMethod)
                .merge(RawTopologies.of(programmatic));
        return validate(raw, testClass);
    }

    /**
     * Validates a topology made with {@link NetworkTopology#builder()}; problems are headed by the class
     * that called {@code builder()}.
     *
     * @throws TopologyDeclarationException listing every problem
     */
    public static TopologyModel validate(NetworkTopology topology) {
        return validate(RawTopologies.of(topology), topology.declaringClass().orElse(null));
    }

    /**
     * Validates a topology made with {@link NetworkTopology#builder()} for a test class.
     *
     * @throws TopologyDeclarationException listing every problem, headed by {@code testClass}
     */
    public static TopologyModel validate(NetworkTopology topology, Class<?> testClass) {
        return validate(RawTopologies.of(topology), testClass);
    }

    /**
     * Validates raw declarations.
     *
     * @param testClass names the test in the message; null when unknown
     * @throws TopologyDeclarationException listing every problem
     */
    public static TopologyModel validate(RawTopology raw, Class<?> testClass) {
        TopologyValidator.Result result = TopologyValidator.validate(raw);
        if (!result.isValid()) {
            throw new TopologyDeclarationException(testClass, result.problems());
        }
        return result.model();
    }

    /**
     * Checks a reference to a namespace made outside the topology itself ({@code @InNamespace},
     * {@code @Ns}, a lifecycle method...), in the same words as the validator.
     *
     * @param name      the namespace named, e.g. {@code "ns1"}; {@link Namespaces#HOST} is always valid
     * @param origin    where the reference is written, e.g. {@code new Origin("@InNamespace(\"ns1\")",
     *                  "method FooTest.pings()")}
     * @param attribute the attribute holding the name, e.g. {@code "value"}
     * @return the problem line when {@code name} is not declared in {@code model}
     */
    public static Optional<String> checkNamespaceReference(TopologyModel model, String name, Origin origin,
                                                           String attribute) {
        return ValidationContext.namespaceReference(model.namespaceNames(), name, origin, attribute);
    }

    /**
     * Like {@link #checkNamespaceReference(TopologyModel, String, Origin, String)}, against the namespaces declared
     * in raw declarations, so that such references are reported together with the topology's own problems.
     */
    public static Optional<String> checkNamespaceReference(RawTopology raw, String name, Origin origin,
                                                           String attribute) {
        Set<String> declared = new LinkedHashSet<>();
        for (Declaration d : raw.declarations()) {
            if (d instanceof Declaration.Namespace n && !Namespaces.HOST.equals(n.name())) {
                declared.add(n.name());
            }
        }
        return ValidationContext.namespaceReference(declared, name, origin, attribute);
    }
}
