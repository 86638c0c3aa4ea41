package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.ConnectionFault;
import io.github.netnsjunit.junit.ConnectionFaultBuilder;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.internal.connection.ConnectionFaultSpec;
import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: the {@link ConnectionFault} declarations of a test (its method's, then its class's), checked against the
 * topology's model before anything is built and put in force right after the build, for the whole test.
 */
final class DeclaredConnectionFaults {
    private final List<ConnectionFault> declared;

    private DeclaredConnectionFaults(List<ConnectionFault> declared) {
        this.declared = declared;
    }

    /**
     * Reads and checks the declarations on {@code elements} (a test method and its class, or a class alone).
     *
     * @throws TopologyDeclarationException listing every bad declaration, before anything is built
     */
    static DeclaredConnectionFaults check(Class<?> testClass, List<AnnotatedElement> elements, TopologyModel model) {
        List<ConnectionFault> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (AnnotatedElement e : elements) {
            for (ConnectionFault f : e.getAnnotationsByType(ConnectionFault.class)) {
                found.add(f);
                for (String p : ConnectionFaultSpec.problems(model, f.namespace(), f.peer(), f.port(), f.kind(),
                        f.amount(), f.direction(), f.closeAfterMillis(), f.delayMillis())) {
                    problems.add(describe(f) + " on " + where(e) + ": " + p);
                }
                if ((ConnectionFaultSpec.byRelay(f.kind()) || f.kind() == ConnectionFault.Kind.SLICE
                        && f.delayMillis() > 0) && model.namespaceNames().contains(f.namespace())
                        && model.conditions().stream().noneMatch(c -> touches(model, c, f.namespace()))) {
                    problems.add(describe(f) + " on " + where(e) + ": " + f.kind() + " is made by the userspace relay,"
                            + " and no link of namespace \"" + f.namespace() + "\" has @LinkConditions, so none is"
                            + " relayed. Fix: add @LinkConditions(namespace = \"" + f.namespace() + "\", link = \"<its"
                            + " link towards " + f.peer() + ">\") (no values needed).");
                }
            }
        }
        if (elements.stream().noneMatch(Method.class::isInstance) && testClass != null) {
            // a topology built for the whole class (shared): a method's declaration would silently do nothing
            for (Method m : testClass.getDeclaredMethods()) {
                for (ConnectionFault f : m.getAnnotationsByType(ConnectionFault.class)) {
                    problems.add(describe(f) + " on " + where(m) + ": the topology is built once for the class "
                            + "(@SharedTopology), so a fault declared on one method cannot be in force for that test "
                            + "alone; declare it on the class, or apply it in the test with NetNs.connections(...).");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new TopologyDeclarationException(testClass, problems);
        }
        return new DeclaredConnectionFaults(List.copyOf(found));
    }

    /** True when {@code c} is on a veth end in {@code ns} or on the veth peer of one (so that pair can be relayed). */
    private static boolean touches(TopologyModel model, LinkConditionsSpec c, String ns) {
        return c.namespace().equals(ns)
                || model.peerOf(c.namespace(), c.link()).map(p -> p.namespace().equals(ns)).orElse(false);
    }

    /** Puts the declared faults in force on the built topology; teardown removes them with the other faults. */
    void applyTo(Topology topology) {
        for (ConnectionFault f : declared) {
            ConnectionFaultBuilder b = topology.namespace(f.namespace()).connections(f.peer(), f.port())
                    .direction(f.direction());
            switch (f.kind()) {
                case RESET -> b.reset();
                case RESET_AFTER_BYTES -> b.resetAfterBytes(f.amount());
                case RESET_AFTER_MILLIS -> b.resetAfter(Duration.ofMillis(f.amount()));
                case HANG_AFTER_BYTES -> {
                    if (f.closeAfterMillis() == 0) {
                        b.hangAfterBytes(f.amount());
                    } else {
                        b.hangAfterBytes(f.amount(), Duration.ofMillis(f.closeAfterMillis()));
                    }
                }
                case FAIL_FIRST -> b.failFirst((int) f.amount());
                case SLICE -> {
                    if (f.delayMillis() == 0) {
                        b.slice((int) f.amount());
                    } else {
                        b.slice((int) f.amount(), Duration.ofMillis(f.delayMillis()));
                    }
                }
                case DROP_DATAGRAMS_AFTER -> b.dropDatagramsAfter(f.amount());
                case DELAY_HANDSHAKE -> b.delayHandshake(Duration.ofMillis(f.amount()));
                case DELAY_FIRST_BYTE -> b.delayFirstByte(Duration.ofMillis(f.amount()));
                case SLOW_CLOSE -> b.slowClose(Duration.ofMillis(f.amount()));
                case DELAY_DATAGRAMS_AFTER -> b.delayDatagramsAfter(f.amount(), Duration.ofMillis(f.delayMillis()));
                default -> throw new IllegalStateException("unknown kind " + f.kind());
            }
            b.apply();
        }
    }

    private static String describe(ConnectionFault f) {
        return "@ConnectionFault(namespace = \"" + f.namespace() + "\", peer = \"" + f.peer() + "\", port = " + f.port()
                + ", kind = " + f.kind() + (f.amount() == 0 ? "" : ", amount = " + f.amount())
                + (f.direction() == ConnectionFault.Direction.BOTH ? "" : ", direction = " + f.direction())
                + (f.closeAfterMillis() == 0 ? "" : ", closeAfterMillis = " + f.closeAfterMillis())
                + (f.delayMillis() == 0 ? "" : ", delayMillis = " + f.delayMillis()) + ")";
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
