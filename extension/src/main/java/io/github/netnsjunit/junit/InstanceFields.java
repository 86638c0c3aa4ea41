package io.github.netnsjunit.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topologies in non-static {@code @RegisterExtension} fields. JUnit registers such a field's extension once the
 * test instance exists and calls it only from {@code beforeEach} on, after the class's extensions: too late to take
 * part in the topology, which would silently lack its declarations. They are refused, naming the field. This looks
 * at the test instance only to say so; which instance builds is decided by registration
 * ({@link ExtensionInstances}).
 */
final class InstanceFields {
    private InstanceFields() {
    }

    /** Throws if a non-static field of the test instance holds an extension with a topology. */
    static void refuseTopologies(ExtensionContext context) {
        Object instance = context.getTestInstance().orElse(null);
        for (Class<?> c = instance == null ? null : instance.getClass(); c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(RegisterExtension.class)
                        && NetnsExtension.class.isAssignableFrom(f.getType())) {
                    NetnsExtension extension = read(f, instance);
                    if (extension != null && !extension.declaredTopology().isEmpty()) {
                        throw refusal(f.getDeclaringClass().getName() + "." + f.getName());
                    }
                }
            }
        }
    }

    /** The refusal for an instance found registered without {@code beforeAll}. */
    static ExtensionConfigurationException refusal(ExtensionContext context, NetnsExtension extension) {
        Object instance = context.getTestInstance().orElse(null);
        for (Class<?> c = instance == null ? null : instance.getClass(); c != null && c != Object.class;
                c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && read(f, instance) == extension) {
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

    private static NetnsExtension read(Field f, Object instance) {
        if (!NetnsExtension.class.isAssignableFrom(f.getType())) {
            return null;
        }
        try {
            f.setAccessible(true);
            return (NetnsExtension) f.get(instance);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not readable: JUnit reports its own error for such a field
        }
    }
}
