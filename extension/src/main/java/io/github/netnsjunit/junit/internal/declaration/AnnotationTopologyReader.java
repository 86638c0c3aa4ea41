package io.github.netnsjunit.junit.internal.declaration;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.Bridges;
import io.github.netnsjunit.junit.HostEntries;
import io.github.netnsjunit.junit.HostEntry;
import io.github.netnsjunit.junit.LinkConditions;
import io.github.netnsjunit.junit.LinkConditionsList;
import io.github.netnsjunit.junit.Macvlan;
import io.github.netnsjunit.junit.Macvlans;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.Masquerades;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNamespaces;
import io.github.netnsjunit.junit.PolicyRule;
import io.github.netnsjunit.junit.PolicyRules;
import io.github.netnsjunit.junit.PortForward;
import io.github.netnsjunit.junit.PortForwards;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.Routes;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.VethPairs;
import io.github.netnsjunit.junit.Vxlan;
import io.github.netnsjunit.junit.Vxlans;
import io.github.netnsjunit.junit.internal.model.Declaration;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Internal: reads the topology annotations of a test into declarations, in this order: enclosing classes
 * of a {@code @Nested} (non-static inner) class, outermost first; then for each class its superclasses
 * top-down and its interfaces; the class itself; finally the test method.
 *
 * <p>Each class and method is read once, through its <em>declared</em> annotations only. That is why
 * an {@code @Inherited} declaration is not found twice (on the superclass and again, inherited, on the
 * subclass), and why we walk meta-annotations ourselves instead of calling
 * {@code AnnotationSupport.findRepeatableAnnotations}: it would merge all sources and kinds, losing both
 * where each declaration came from (needed for {@link Origin}) and the order across kinds.
 *
 * <p>Order within one element is the order of the annotations in the class file, with one limit set by
 * Java itself: repeated annotations of one kind are stored in their container at the position of the
 * first of them, so {@code @NetNamespace("a") @Bridge(...) @NetNamespace("b")} reads as a, b, bridge.
 * Validation does not depend on order; only the order of reported problems does.
 */
public final class AnnotationTopologyReader {

    /** Stateless; create freely. */
    public AnnotationTopologyReader() {
    }

    /**
     * Reads and validates the topology of a test.
     *
     * @throws TopologyDeclarationException listing every problem of the declarations
     */
    public TopologyModel read(Class<?> testClass, Optional<Method> testMethod) {
        return ValidatedTopologies.readAndValidate(testClass, testMethod);
    }

    /** Reads the declarations as written, without parsing or checking their values. */
    public RawTopology readDeclarations(Class<?> testClass, Optional<Method> testMethod) {
        List<Declaration> out = new ArrayList<>();
        for (AnnotatedElement element : elementsInOrder(testClass, testMethod)) {
            String where = Origin.describe(element);
            for (Annotation annotation : element.getDeclaredAnnotations()) {
                collect(annotation, where, new HashSet<>(), out);
            }
        }
        return new RawTopology(out);
    }

    private static Set<AnnotatedElement> elementsInOrder(Class<?> testClass, Optional<Method> testMethod) {
        Set<AnnotatedElement> elements = new LinkedHashSet<>();
        addWithEnclosing(testClass, elements);
        testMethod.ifPresent(elements::add);
        return elements;
    }

    private static void addWithEnclosing(Class<?> type, Set<AnnotatedElement> out) {
        // Only inner classes inherit the enclosing topology, matching how @Nested tests share instances.
        boolean inner = type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers());
        if (inner) {
            addWithEnclosing(type.getEnclosingClass(), out);
        }
        addHierarchy(type, out);
    }

    private static void addHierarchy(Class<?> type, Set<AnnotatedElement> out) {
        if (type == null || type == Object.class || out.contains(type)) {
            return;
        }
        addHierarchy(type.getSuperclass(), out);
        for (Class<?> implemented : type.getInterfaces()) {
            addHierarchy(implemented, out);
        }
        out.add(type);
    }

    /** Adds what {@code annotation} declares; {@code where} is the element it was found on. */
    private static void collect(Annotation annotation, String where, Set<Class<?>> visiting, List<Declaration> out) {
        if (addDirect(annotation, where, out)) {
            return;
        }
        Class<? extends Annotation> type = annotation.annotationType();
        if (type.getName().startsWith("java.") || !visiting.add(type)) {
            return;
        }
        // A composed annotation: report its parts as coming from it, as the user sees it in the source.
        String metaWhere = where.startsWith("meta-annotation ")
                ? where
                : "meta-annotation @" + type.getSimpleName() + " on " + where;
        for (Annotation meta : type.getDeclaredAnnotations()) {
            collect(meta, metaWhere, visiting, out);
        }
    }

    /** How one topology annotation becomes a declaration. */
    @FunctionalInterface
    private interface Reading {
        Declaration read(Annotation annotation, String where);
    }

    /** Each topology annotation, and each repeatable container (read as the annotations it holds). */
    private static final Map<Class<? extends Annotation>, Reading> SINGLE = Map.ofEntries(
            Map.entry(NetNamespace.class, (a, w) -> AnnotationDeclarations.of((NetNamespace) a, w)),
            Map.entry(VethPair.class, (a, w) -> AnnotationDeclarations.of((VethPair) a, w)),
            Map.entry(Bridge.class, (a, w) -> AnnotationDeclarations.of((Bridge) a, w)),
            Map.entry(Route.class, (a, w) -> AnnotationDeclarations.of((Route) a, w)),
            Map.entry(Masquerade.class, (a, w) -> AnnotationDeclarations.of((Masquerade) a, w)),
            Map.entry(PortForward.class, (a, w) -> AnnotationDeclarations.of((PortForward) a, w)),
            Map.entry(HostEntry.class, (a, w) -> AnnotationDeclarations.of((HostEntry) a, w)),
            Map.entry(LinkConditions.class, (a, w) -> AnnotationDeclarations.of((LinkConditions) a, w)),
            Map.entry(Macvlan.class, (a, w) -> AnnotationDeclarations.of((Macvlan) a, w)),
            Map.entry(Vxlan.class, (a, w) -> AnnotationDeclarations.of((Vxlan) a, w)),
            Map.entry(PolicyRule.class, (a, w) -> AnnotationDeclarations.of((PolicyRule) a, w)));
    private static final Map<Class<? extends Annotation>, Function<Annotation, Annotation[]>> CONTAINERS = Map.ofEntries(
            Map.entry(NetNamespaces.class, a -> ((NetNamespaces) a).value()),
            Map.entry(VethPairs.class, a -> ((VethPairs) a).value()),
            Map.entry(Bridges.class, a -> ((Bridges) a).value()),
            Map.entry(Routes.class, a -> ((Routes) a).value()),
            Map.entry(Masquerades.class, a -> ((Masquerades) a).value()),
            Map.entry(PortForwards.class, a -> ((PortForwards) a).value()),
            Map.entry(HostEntries.class, a -> ((HostEntries) a).value()),
            Map.entry(LinkConditionsList.class, a -> ((LinkConditionsList) a).value()),
            Map.entry(Macvlans.class, a -> ((Macvlans) a).value()),
            Map.entry(Vxlans.class, a -> ((Vxlans) a).value()),
            Map.entry(PolicyRules.class, a -> ((PolicyRules) a).value()));

    private static boolean addDirect(Annotation a, String where, List<Declaration> out) {
        Reading single = SINGLE.get(a.annotationType());
        if (single != null) {
            out.add(single.read(a, where));
            return true;
        }
        Function<Annotation, Annotation[]> container = CONTAINERS.get(a.annotationType());
        if (container != null) {
            for (Annotation repeated : container.apply(a)) {
                out.add(SINGLE.get(repeated.annotationType()).read(repeated, where));
            }
            return true;
        }
        return false;
    }
}
