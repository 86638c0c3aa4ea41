package io.github.netnsjunit.junit.internal.declaration;

import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.TopologyValidator;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Optional;

/**
 * Internal: turns a test's declarations (its annotations, and the {@link RawTopology} of a programmatic
 * {@code NetworkTopology}, which the API package hands over) into a validated {@link TopologyModel}, or fails with
 * every problem at once as a {@link TopologyDeclarationException}, before anything is created in the kernel.
 *
 * <p>This package sits between the API and the model: it reads the API's annotations and throws the API's
 * exception, so that the model itself imports nothing of the API package (no import cycle between the two).
 */
public final class ValidatedTopologies {

    private ValidatedTopologies() {
    }

    /**
     * Reads the topology annotations of a test (see {@link AnnotationTopologyReader}) and validates them.
     *
     * @param testMethod the test method, whose own declarations come last; empty for class-level use
     * @throws TopologyDeclarationException listing every problem, headed by the test class
     */
    public static TopologyModel readAndValidate(Class<?> testClass, Optional<Method> testMethod) {
        return readAndValidate(testClass, testMethod, RawTopology.EMPTY);
    }

    /**
     * Like {@link #readAndValidate(Class, Optional)}, with programmatic declarations validated together with the
     * annotations (they come after theirs), so that each may refer to the other's namespaces.
     *
     * @throws TopologyDeclarationException listing every problem, headed by the test class
     */
    public static TopologyModel readAndValidate(Class<?> testClass, Optional<Method> testMethod,
                                                RawTopology programmatic) {
        Objects.requireNonNull(testClass, "testClass");
        RawTopology raw = new AnnotationTopologyReader().readDeclarations(testClass, testMethod)
                .merge(Objects.requireNonNull(programmatic, "programmatic"));
        return validate(raw, testClass);
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
}
