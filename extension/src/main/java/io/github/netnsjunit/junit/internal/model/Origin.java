package io.github.netnsjunit.junit.internal.model;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Internal: where a declaration came from, so that every problem can point at the source.
 *
 * @param annotation how the user wrote it, short form: {@code @VethPair(name = "veth0")},
 *                   {@code @NetNamespace("ns0")}, or for the builder {@code veth(name = "veth0")}
 * @param element    where it was written: {@code class com.example.SeedOneTest},
 *                   {@code method SeedOneTest.pings()},
 *                   {@code meta-annotation @DockerLikeBridge on class com.example.X}, or {@link #BUILDER}
 */
public record Origin(String annotation, String element) {

    /** The element of every declaration made with {@code NetworkTopology} (API package). */
    public static final String BUILDER = "NetworkTopology builder";

    /** Checks both parts are present. */
    public Origin {
        Objects.requireNonNull(annotation, "annotation");
        Objects.requireNonNull(element, "element");
    }

    /** An origin for a declaration made with the programmatic builder. */
    public static Origin builder(String call) {
        return new Origin(call, BUILDER);
    }

    /** An origin for an annotation written directly on {@code element}. */
    public static Origin of(String annotation, AnnotatedElement element) {
        return new Origin(annotation, describe(element));
    }

    /** True when the declaration was made with the builder rather than an annotation. */
    public boolean isBuilder() {
        return BUILDER.equals(element);
    }

    /**
     * Names an element the way problems mention it: {@code class com.example.FooTest},
     * {@code method FooTest.pings(NetNs)}, {@code parameter ns0 of method FooTest.pings(NetNs)}.
     */
    public static String describe(AnnotatedElement element) {
        if (element instanceof Class<?> type) {
            return (type.isAnnotation() ? "annotation @" + type.getSimpleName() : "class " + type.getName());
        }
        if (element instanceof Method method) {
            return "method " + signature(method);
        }
        if (element instanceof Parameter parameter && parameter.getDeclaringExecutable() instanceof Method method) {
            return "parameter " + parameter.getName() + " of method " + signature(method);
        }
        return String.valueOf(element);
    }

    /** A Java string literal for {@code text}, as short forms show attribute values: {@code "ns0"}. */
    public static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String signature(Method method) {
        String parameters = Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + parameters + ")";
    }

    /** {@code @VethPair(name = "veth0") on class com.example.SeedOneTest}. */
    @Override
    public String toString() {
        return annotation + " on " + element;
    }
}
