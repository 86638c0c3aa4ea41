package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.internal.model.Origin;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Internal: refuses {@code @InNamespace} on {@code @BeforeParameterizedClassInvocation} and
 * {@code @AfterParameterizedClassInvocation} methods (JUnit 5.13+), before the class runs. JUnit calls those methods
 * through a callback of its own, without the {@code InvocationInterceptor} every other lifecycle method passes
 * through, so no extension can move them onto a namespace thread: left alone they would run on JUnit's thread in
 * the JVM's namespace, silently. Found by annotation name, so that this works without {@code junit-jupiter-params}
 * and on JUnit versions that do not have these annotations. {@link ClassTemplates} throws, with every other problem
 * of a class template.
 */
final class ParameterizedClassCallbacks {
    private static final Set<String> CALLBACKS = Set.of("org.junit.jupiter.params.BeforeParameterizedClassInvocation",
            "org.junit.jupiter.params.AfterParameterizedClassInvocation");

    private ParameterizedClassCallbacks() {
    }

    /**
     * What is wrong: one problem for each method of {@code testClass} or a superclass that is such a callback with
     * {@code @InNamespace}.
     *
     * @param shared whether the class shares its topology (then, one per invocation): the fix differs
     */
    static List<String> problems(Class<?> testClass, boolean shared) {
        List<String> problems = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                InNamespace where = m.getAnnotation(InNamespace.class);
                if (where == null) {
                    continue;
                }
                for (Annotation a : m.getAnnotations()) {
                    if (CALLBACKS.contains(a.annotationType().getName())) {
                        String ns = where.value();
                        problems.add("@InNamespace(\"" + ns + "\") on @"
                                + a.annotationType().getSimpleName() + " " + Origin.describe(m) + ": JUnit"
                                + " runs these methods without the interception that moves other lifecycle methods"
                                + " into a namespace, so it would run on JUnit's thread in the JVM's own namespace;"
                                + " the class was not run. Move the code to an @InNamespace(\"" + ns
                                + "\") @BeforeEach/@AfterEach method, or remove @InNamespace and take a @Ns(\"" + ns
                                + "\") NetNs parameter in this method, which runs the code in " + ns + " with ns.call(...)"
                                + " or ns.start(...)" + (shared ? " (the invocation's shared topology)"
                                        : " (annotate the class with @SharedTopology: one topology per invocation)"));
                    }
                }
            }
        }
        return problems;
    }
}
