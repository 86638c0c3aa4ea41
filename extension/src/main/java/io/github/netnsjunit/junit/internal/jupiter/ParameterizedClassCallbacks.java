package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.model.Origin;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Internal (public for {@code NetnsExtension}): refuses {@code @InNamespace} on {@code @BeforeParameterizedClassInvocation} and
 * {@code @AfterParameterizedClassInvocation} methods (JUnit 5.13+), before the class runs. JUnit calls those methods
 * through a callback of its own, without the {@code InvocationInterceptor} every other lifecycle method passes
 * through, so no extension can move them onto a namespace thread: left alone they would run on JUnit's thread in
 * the JVM's namespace, silently. Found by annotation name, so that this works without {@code junit-jupiter-params}
 * and on JUnit versions that do not have these annotations.
 */
public final class ParameterizedClassCallbacks {
    private static final Set<String> CALLBACKS = Set.of("org.junit.jupiter.params.BeforeParameterizedClassInvocation",
            "org.junit.jupiter.params.AfterParameterizedClassInvocation");

    private ParameterizedClassCallbacks() {
    }

    /** Throws when a method of {@code testClass} or a superclass is such a callback with {@code @InNamespace}. */
    public static void refuseInNamespace(Class<?> testClass) {
        List<String> problems = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                InNamespace where = m.getAnnotation(InNamespace.class);
                if (where == null) {
                    continue;
                }
                for (Annotation a : m.getAnnotations()) {
                    if (CALLBACKS.contains(a.annotationType().getName())) {
                        problems.add("@InNamespace(\"" + where.value() + "\") on @"
                                + a.annotationType().getSimpleName() + " method " + Origin.describe(m) + ": JUnit"
                                + " runs these methods without the interception that moves other lifecycle methods"
                                + " into a namespace, so it would run on JUnit's thread in the JVM's own namespace;"
                                + " the class was not run. Move the code to an @InNamespace(\"" + where.value()
                                + "\") @BeforeEach/@AfterEach method, or remove @InNamespace and run the"
                                + " namespaced part with ns.call(...) on a NetNs parameter of the test");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new TopologyDeclarationException(testClass, problems);
        }
    }
}
