package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.declaration.ValidatedTopologies;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Test fixture: validates a {@link NetworkTopology} into the model the way the extension's entry points do, handing
 * over its declarations through the one read path ({@link NetworkTopology#declarations()}, package-private), so
 * that tests of the internal packages need no public accessor.
 */
public final class TestTopologies {
    private TestTopologies() {
    }

    /** Validates {@code topology}; problems are headed by the class that called {@code builder()}. */
    public static TopologyModel validate(NetworkTopology topology) {
        return ValidatedTopologies.validate(topology.declarations(), topology.declaringClass().orElse(null));
    }

    /** The annotations of a test, validated. */
    public static TopologyModel readAndValidate(Class<?> testClass, Optional<Method> testMethod) {
        return ValidatedTopologies.readAndValidate(testClass, testMethod);
    }

    /** The annotations of a test and a programmatic topology, validated together. */
    public static TopologyModel readAndValidate(Class<?> testClass, Optional<Method> testMethod,
                                                NetworkTopology programmatic) {
        return ValidatedTopologies.readAndValidate(testClass, testMethod, programmatic.declarations());
    }

    /** The declarations of {@code topology}, as the entry points hand them over. */
    public static RawTopology declarations(NetworkTopology topology) {
        return topology.declarations();
    }
}
