package io.github.netnsjunit.junit.internal.jupiter;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topologies in non-static {@code @RegisterExtension} fields. JUnit registers such a field's extension once the
 * test instance exists and calls it only from {@code beforeEach} on, after the class's extensions: too late to take
 * part in the topology, which would silently lack its declarations. They are refused, naming the field. This looks
 * at the test instance only to say so; which instance builds is decided by registration
 * ({@link ExtensionInstances}). A field's value is recognised as a {@code NetnsExtension} by
 * {@code callbacksOf}, which the API class gives (this package does not import it).
 */
final class InstanceFields {
    private InstanceFields() {
    }

    /** Throws if a non-static field of the test instance holds an extension with a topology. */
    static void refuseTopologies(ExtensionContext context,
            Function<Object, Optional<JupiterCallbacks>> callbacksOf) {
        Object instance = context.getTestInstance().orElse(null);
        for (Class<?> c = instance == null ? null : instance.getClass(); c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(RegisterExtension.class)) {
                    Optional<JupiterCallbacks> extension = read(f, instance, callbacksOf);
                    if (extension.isPresent() && extension.get().declaresTopology()) {
                        throw refusal(f.getDeclaringClass().getName() + "." + f.getName());
                    }
                }
            }
        }
    }

    /** The refusal for an instance found registered without {@code beforeAll}. */
    static ExtensionConfigurationException refusal(ExtensionContext context, JupiterCallbacks extension,
            Function<Object, Optional<JupiterCallbacks>> callbacksOf) {
        Object instance = context.getTestInstance().orElse(null);
        for (Class<?> c = instance == null ? null : instance.getClass(); c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())
                        && read(f, instance, callbacksOf).filter(e -> e == extension).isPresent()) {
                    return refusal(f.getDeclaringClass().getName() + "." + f.getName());
                }
            }
        }
        return refusal("a field of " + context.getRequiredTestClass().getName());
    }

    private static ExtensionConfigurationException refusal(String field) {
        return new ExtensionConfigurationException("NetnsExtension.withTopology(...) in non-static @RegisterExtension"
                + " field " + field + " would be ignored: JUnit registers extensions of instance fields only after the"
                + " test class's topology is assembled. Make the field static.");
    }

    private static Optional<JupiterCallbacks> read(Field f, Object instance,
            Function<Object, Optional<JupiterCallbacks>> callbacksOf) {
        if (!Extension.class.isAssignableFrom(f.getType())) {
            return Optional.empty(); // only extension fields can hold one (JUnit requires the type for the annotation)
        }
        try {
            f.setAccessible(true);
            return callbacksOf.apply(f.get(instance));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // not readable: JUnit reports its own error for such a field
        }
    }
}
