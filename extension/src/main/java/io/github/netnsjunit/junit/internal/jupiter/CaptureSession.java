package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.Capture;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.model.LinkEnd;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.TopologyModels;
import io.github.netnsjunit.netlink.capture.PacketCapture;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Internal: the {@link Capture} declarations of a test, checked against its topology, and the running captures:
 * one {@link PacketCapture} per interface, writing {@code <namespace>-<interface>.pcap}.
 */
final class CaptureSession implements AutoCloseable {

    /** One interface to record, and the declaration that asked for it. */
    record Target(String namespace, String link, Origin origin) {
        String fileName() {
            return (namespace + "-" + link).replaceAll("[^A-Za-z0-9._-]", "_") + ".pcap";
        }
    }

    private final List<PacketCapture> captures;

    private CaptureSession(List<PacketCapture> captures) {
        this.captures = captures;
    }

    /**
     * The interfaces the {@code @Capture} declarations of the test name (class, its enclosing classes for
     * {@code @Nested} tests, then the method), each once; problems are added to {@code problems} in the words of
     * the topology validator.
     */
    static List<Target> targets(TopologyModel model, Class<?> testClass, Method method, List<String> problems) {
        Map<String, Target> out = new LinkedHashMap<>();
        for (AnnotatedElement element : elements(testClass, method)) {
            for (Capture c : AnnotationSupport.findRepeatableAnnotations(element, Capture.class)) {
                Origin origin = Origin.of("@Capture(namespace = " + Origin.quote(c.namespace()) + ")", element);
                Optional<String> badNamespace = TopologyModels.checkNamespaceReference(model, c.namespace(), origin,
                        "namespace");
                if (badNamespace.isPresent()) {
                    problems.add(badNamespace.get());
                    continue;
                }
                Set<String> declared = linksIn(model, c.namespace());
                List<String> chosen = new ArrayList<>();
                Optional<String> foreign = CaptureChecks.foreignHost(model, c, origin, declared);
                if (foreign.isPresent()) {
                    problems.add(foreign.get());
                    continue;
                }
                for (String link : c.interfaces()) {
                    Optional<String> own = CaptureChecks.notOurs(c.namespace(), link, origin, declared);
                    if (own.isPresent()) {
                        problems.add(own.get());
                    } else if (link.isEmpty() || (!link.equals("lo") && !declared.contains(link))) {
                        problems.add(origin + ": attribute 'interfaces' " + unknownLink(link, c.namespace(), declared));
                    } else if (chosen.contains(link)) {
                        problems.add(origin + ": attribute 'interfaces' names " + Origin.quote(link) + " twice. Name"
                                + " each interface once.");
                    } else {
                        chosen.add(link);
                    }
                }
                if (c.interfaces().length == 0) {
                    chosen.addAll(declared);
                }
                for (String link : chosen) {
                    out.putIfAbsent(c.namespace() + "\u0000" + link, new Target(c.namespace(), link, origin));
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static String unknownLink(String link, String namespace, Set<String> declared) {
        Set<String> choices = new LinkedHashSet<>();
        choices.add("lo");
        choices.addAll(declared);
        String links = choices.stream().map(Origin::quote).collect(Collectors.joining(", "));
        if (link.isEmpty()) {
            return "has an empty name. Use one of the links of namespace " + Origin.quote(namespace) + ": " + links
                    + ", or leave 'interfaces' out to capture on all of them.";
        }
        return "names " + Origin.quote(link) + ", which is not a link in namespace " + Origin.quote(namespace)
                + ". Use one of its links: " + links + ", or leave 'interfaces' out to capture on all of them.";
    }

    /** The links the topology declares in a namespace, in declaration order (bridges, then veth ends). */
    private static Set<String> linksIn(TopologyModel model, String namespace) {
        Set<String> links = new LinkedHashSet<>();
        model.linksIn(namespace).stream().sorted(LinkEnd.BRIDGES_FIRST).forEach(e -> links.add(e.name()));
        return links;
    }

    private static List<AnnotatedElement> elements(Class<?> testClass, Method method) {
        List<AnnotatedElement> elements = new ArrayList<>();
        for (Class<?> c = testClass; c != null; c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
            elements.add(0, c);
        }
        elements.add(method);
        return elements;
    }

    /** Starts every capture, live when this returns; if one cannot start, the others are stopped. */
    static CaptureSession start(List<Target> targets, LiveTopology live, Path directory) {
        List<PacketCapture> started = new ArrayList<>();
        try {
            for (Target t : targets) {
                started.add(PacketCapture.start(live.handle(t.namespace()), List.of(live.linkName(t.namespace(), t.link())),
                        directory.resolve(t.fileName())));
            }
        } catch (RuntimeException | Error e) {
            for (PacketCapture c : started) {
                try {
                    c.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return new CaptureSession(started);
    }

    /** The pcap files, in declaration order. */
    List<Path> files() {
        return captures.stream().map(PacketCapture::file).toList();
    }

    /** Stops every capture, each writing what is still queued; failures are thrown together at the end. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (PacketCapture c : captures) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
