package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.DnsFault;
import io.github.netnsjunit.junit.DnsFaultBuilder;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.model.NamespaceSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.resolver.DnsFaultBuilderImpl;
import io.github.netnsjunit.junit.internal.resolver.HostTable;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: the {@link DnsFault} declarations of a test (its method's, then its class's), checked against the
 * topology's model before anything is built and put in force right after the build, for the whole test.
 */
final class DeclaredDnsFaults {
    private record Declared(DnsFault fault, String where) {
    }

    private final List<Declared> declared;

    private DeclaredDnsFaults(List<Declared> declared) {
        this.declared = declared;
    }

    /**
     * Reads and checks the declarations on {@code elements} (a test method and its class, or a class alone).
     *
     * @throws TopologyDeclarationException listing every bad declaration, before anything is built
     */
    static DeclaredDnsFaults check(Class<?> testClass, List<AnnotatedElement> elements, TopologyModel model) {
        List<Declared> found = new ArrayList<>();
        for (AnnotatedElement e : elements) {
            for (DnsFault f : e.getAnnotationsByType(DnsFault.class)) {
                found.add(new Declared(f, where(e)));
            }
        }
        if (found.isEmpty()) {
            return new DeclaredDnsFaults(List.of());
        }
        HostTable names = HostTable.of(model);
        List<String> problems = new ArrayList<>();
        for (Declared d : found) {
            String head = describe(d.fault()) + " on " + d.where() + ": ";
            if (names.isEmpty()) {
                problems.add(head + "the topology declares no host names, so it has no DNS server to fault; declare"
                        + " names with @NetNamespace(hostnames = ...) or @HostEntry.");
                continue;
            }
            if (!d.fault().name().isEmpty() && names.lookup(d.fault().name()).isEmpty()) {
                problems.add(head + "attribute 'name' names \"" + d.fault().name() + "\", which is not a host name of"
                        + " the topology; its names are: " + String.join(", ", names.names().keySet())
                        + ". Use one of them, or leave 'name' out to fault every name.");
            }
            long delay = d.fault().delayMillis();
            if (delay < 0 || delay > DnsFaultBuilderImpl.MAX_DELAY.toMillis()) {
                problems.add(head + "attribute 'delayMillis' is " + delay + "; a delay per answer must be between 0 and "
                        + DnsFaultBuilderImpl.MAX_DELAY.toMillis() + " (for no answer at all use answer = TIMEOUT).");
            }
            String ns = d.fault().namespace();
            if (!ns.isEmpty() && model.namespaces().stream().map(NamespaceSpec::name).noneMatch(ns::equals)) {
                problems.add(head + "attribute 'namespace' names \"" + ns + "\", which is not declared; the topology's"
                        + " namespaces are: " + String.join(", ", model.namespaces().stream().map(NamespaceSpec::name)
                        .toList()) + ".");
            }
        }
        if (!problems.isEmpty()) {
            throw new TopologyDeclarationException(testClass, problems);
        }
        return new DeclaredDnsFaults(List.copyOf(found));
    }

    /** Puts the declared faults in force on the built topology; teardown ends them with its DNS server. */
    void applyTo(Topology topology) {
        for (Declared d : declared) {
            DnsFault f = d.fault();
            DnsFaultBuilder b = f.namespace().isEmpty() ? topology.dns() : topology.namespace(f.namespace()).dns();
            if (!f.name().isEmpty()) {
                b.name(f.name());
            }
            b.answer(f.answer()).delay(Duration.ofMillis(f.delayMillis())).apply();
        }
    }

    private static String describe(DnsFault f) {
        return "@DnsFault(" + (f.name().isEmpty() ? "" : "name = \"" + f.name() + "\", ") + "answer = " + f.answer()
                + ")";
    }

    private static String where(AnnotatedElement e) {
        if (e instanceof Method m) {
            return "method " + m.getName() + "()";
        }
        if (e instanceof Class<?> c) {
            return "class " + c.getName();
        }
        return e.toString();
    }
}
