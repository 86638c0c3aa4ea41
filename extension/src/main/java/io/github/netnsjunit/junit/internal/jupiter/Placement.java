package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Internal: where user code runs, from {@link InNamespace}. The rules, in one place:
 * <ul>
 *   <li>per-test code — test methods, test templates ({@code @ParameterizedTest}, {@code @RepeatedTest}), test
 *       factories and every dynamic test they return, {@code @BeforeEach} and {@code @AfterEach} methods — runs in
 *       the namespace of its own {@code @InNamespace}, else in that of the test class, else of the classes
 *       enclosing it ({@code @Nested});</li>
 *   <li>{@code @BeforeAll} and {@code @AfterAll} methods run in a namespace only when they carry
 *       {@code @InNamespace} themselves: a class-level annotation does not cover them, since with per-test
 *       topologies no namespace exists while they run;</li>
 *   <li>{@code "host"} is the JVM's own namespace: code placed there runs on JUnit's thread, as without the
 *       annotation.</li>
 * </ul>
 */
public final class Placement {
    private Placement() {
    }

    /** The namespace per-test code of {@code method} (test, factory, template or lifecycle) names, if any. */
    public static Optional<String> perTest(Class<?> testClass, Method method) {
        Optional<InNamespace> onMethod = method == null ? Optional.empty()
                : AnnotationSupport.findAnnotation(method, InNamespace.class);
        if (onMethod.isPresent()) {
            return onMethod.map(InNamespace::value);
        }
        return onClass(testClass);
    }

    /** The namespace a {@code @BeforeAll}/{@code @AfterAll} method names: only its own annotation counts. */
    public static Optional<String> perClass(Method method) {
        return AnnotationSupport.findAnnotation(method, InNamespace.class).map(InNamespace::value);
    }

    /** The class's own {@code @InNamespace}, else that of the nearest enclosing class that has one. */
    public static Optional<String> onClass(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<InNamespace> onClass = AnnotationSupport.findAnnotation(c, InNamespace.class);
            if (onClass.isPresent()) {
                return onClass.map(InNamespace::value);
            }
        }
        return Optional.empty();
    }

    /** True when the name is a namespace of the topology, not the JVM's own. */
    public static boolean isTestNamespace(Optional<String> name) {
        return name.filter(n -> !Namespaces.HOST.equals(n)).isPresent();
    }
}
