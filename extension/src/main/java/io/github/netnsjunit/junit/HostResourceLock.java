package io.github.netnsjunit.junit;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider;

/**
 * Declares to JUnit's scheduler (parallel mode) that tests whose topology names {@code "host"} share one resource,
 * {@value #KEY}, so that JUnit runs them one at a time and uses its workers for other tests meanwhile, instead of a
 * worker waiting inside netns-junit for the host to be free. Declare it on the test class (JUnit 5.12+):
 * <pre>{@code
 * @ResourceLock(providers = HostResourceLock.class)
 * @VethPair(name = "veth-h", namespace = "host", peer = "eth0", peerNamespace = "ns1")
 * class UplinkTest { ... }
 * }</pre>
 * It gives a {@code READ_WRITE} lock on {@value #KEY} to a class, or a method, whose netns-junit annotations
 * (directly, repeated or as meta-annotations) name {@code "host"} in a {@code namespace} or {@code peerNamespace}
 * attribute, and nothing to the others. A topology built in code ({@code NetnsExtension.withTopology}) is not seen
 * here: declare {@code @ResourceLock(HostResourceLock.KEY)} on such a class yourself. Without the declaration
 * tests still never overlap on the host (netns-junit serialises them itself, and other JVMs through a file lock), but
 * the JUnit worker of the second one waits.
 */
public final class HostResourceLock implements ResourceLocksProvider {
    /** The key of the shared resource: the JVM's own namespace as the topologies' {@code "host"}. */
    public static final String KEY = "io.github.netnsjunit.host";

    private static final Set<String> NAMESPACE_ATTRIBUTES = Set.of("namespace", "peerNamespace");

    /** Created by JUnit from {@code @ResourceLock(providers = ...)}. */
    public HostResourceLock() {
    }

    @Override
    public Set<Lock> provideForClass(Class<?> testClass) {
        return locksFor(testClass);
    }

    @Override
    public Set<Lock> provideForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> testClass) {
        return locksFor(testClass);
    }

    @Override
    public Set<Lock> provideForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
        return locksFor(testMethod);
    }

    private static Set<Lock> locksFor(AnnotatedElement element) {
        return namesHost(element.getAnnotations(), new HashSet<>())
                ? Set.of(new Lock(KEY, ResourceAccessMode.READ_WRITE)) : Set.of();
    }

    /** Whether any of these annotations, their repeated contents or meta-annotations of ours name "host". */
    private static boolean namesHost(Annotation[] annotations, Set<Class<?>> seen) {
        for (Annotation a : annotations) {
            Class<? extends Annotation> type = a.annotationType();
            if (type.getName().startsWith("java.")) {
                continue;
            }
            for (Method attribute : type.getDeclaredMethods()) {
                Object value = value(attribute, a);
                if (value instanceof String s && NAMESPACE_ATTRIBUTES.contains(attribute.getName())
                        && s.equals("host")) {
                    return true;
                }
                if (value instanceof Annotation[] repeated && namesHost(repeated, seen)) {
                    return true; // a container: @VethPairs({...})
                }
            }
            if (seen.add(type) && namesHost(type.getAnnotations(), seen)) {
                return true; // a composed annotation of the user's, meta-annotated with ours
            }
        }
        return false;
    }

    private static Object value(Method attribute, Annotation a) {
        if (attribute.getParameterCount() != 0) {
            return null;
        }
        try {
            attribute.setAccessible(true);
            return attribute.invoke(a);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
