package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No import cycle between the packages of the extension, nor between those of the netlink library: the package
 * dependencies are computed from the imports (and fully-qualified names in code) of the main sources, and every
 * cycle is reported with the files that make each of its steps.
 *
 * <p>One rule shapes the graph, and it is computed, not listed: the extension's API packages ({@code junit},
 * {@code junit.assertj}) are two layers. Their <em>entry points</em> — the classes that import an internal package
 * ({@code NetnsExtension}, {@code TopologyPlan}, {@code NetworkTopology}, ...) — call the engine; the rest
 * (annotations, values, interfaces) is what the engine reads and implements. Both must share a package (the
 * annotations name {@code NetnsExtension} in {@code @ExtendWith}), so each API package is a node "pkg" and a node
 * "pkg (entry points)". A cycle then means what it should: the engine depending on an entry point (the "shared
 * secrets" bridges did that), or two internal packages depending on each other.
 */
class PackageCyclesTest {

    private static final String EXTENSION = "io.github.netnsjunit.junit";
    private static final Set<String> API = Set.of(EXTENSION, EXTENSION + ".assertj");

    @Test
    void theExtensionsPackagesHaveNoImportCycle() {
        List<SourceImports> sources = SourceImports.read(Path.of("src/main/java"), Path.of("src/main/java18"));
        assertThat(sources).as("main sources found (run from the extension module's directory)").hasSizeGreaterThan(50);
        assertThat(cycles(sources, EXTENSION, API)).as("import cycles between the extension's packages").isEmpty();
    }

    @Test
    void theNetlinkLibrarysPackagesHaveNoImportCycle() {
        List<SourceImports> sources = SourceImports.read(Path.of("../netlink/src/main/java"));
        assertThat(sources).as("netlink's main sources found next to the extension module").hasSizeGreaterThan(50);
        assertThat(cycles(sources, "io.github.netnsjunit.netlink", Set.of()))
                .as("import cycles between the netlink library's packages").isEmpty();
    }

    @Test
    void aCycleIsFoundAndNamedWithItsFiles() {
        // the oracle for the check itself, on a made-up graph of two packages that import each other
        SourceImports a = new SourceImports(Path.of("p/a/A.java"), "p.a", Set.of("p.b.B"));
        SourceImports b = new SourceImports(Path.of("p/b/B.java"), "p.b", Set.of("p.a.A", "java.util.List"));
        SourceImports c = new SourceImports(Path.of("p/c/C.java"), "p.c", Set.of("p.a.A"));
        assertThat(cycles(List.of(a, b, c), "p", Set.of()))
                .containsExactly("p.a -> p.b (A) -> p.a (B)");
    }

    /** Each cycle as "a -> b (files making a->b) -> a (files making b->a)"; one per strongly connected component. */
    static List<String> cycles(List<SourceImports> sources, String root, Set<String> apiPackages) {
        Set<String> entryPoints = new TreeSet<>();
        for (SourceImports s : sources) {
            if (apiPackages.contains(s.packageName()) && s.references().stream()
                    .anyMatch(r -> SourceImports.packageOf(r).startsWith(root + ".internal"))) {
                entryPoints.add(s.packageName() + "." + s.typeName());
            }
        }
        // node -> target node -> the files making that edge
        Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
        for (SourceImports s : sources) {
            String from = node(s.packageName(), s.packageName() + "." + s.typeName(), entryPoints);
            edges.computeIfAbsent(from, k -> new TreeMap<>());
            for (String ref : s.references()) {
                String pkg = SourceImports.packageOf(ref);
                if (!(pkg.equals(root) || pkg.startsWith(root + "."))) {
                    continue;
                }
                String to = node(pkg, SourceImports.typeOf(ref), entryPoints);
                if (!to.equals(from)) {
                    edges.get(from).computeIfAbsent(to, k -> new TreeSet<>()).add(s.typeName());
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (Set<String> component : stronglyConnected(edges)) {
            if (component.size() > 1) {
                found.add(describe(cycleIn(component, edges), edges));
            }
        }
        return found;
    }

    private static String node(String pkg, String type, Set<String> entryPoints) {
        return type != null && entryPoints.contains(type) ? pkg + " (entry points)" : pkg;
    }

    /** Tarjan's algorithm, iterative over the sorted nodes, so that the report is stable. */
    private static List<Set<String>> stronglyConnected(Map<String, Map<String, Set<String>>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, edges, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String v, Map<String, Map<String, Set<String>>> edges, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                connect(w, edges, index, low, stack, onStack, components, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            components.add(component);
        }
    }

    /** A shortest cycle through the component's first node, by breadth-first search inside the component. */
    private static List<String> cycleIn(Set<String> component, Map<String, Map<String, Set<String>>> edges) {
        String start = component.iterator().next();
        Map<String, String> parent = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
                if (w.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String x = v; !x.equals(start); x = parent.get(x)) {
                        path.add(1, x);
                    }
                    path.add(start);
                    return path;
                }
                if (component.contains(w) && !parent.containsKey(w)) {
                    parent.put(w, v);
                    queue.add(w);
                }
            }
        }
        throw new AssertionError("no cycle in the component " + component);
    }

    private static String describe(List<String> cycle, Map<String, Map<String, Set<String>>> edges) {
        StringBuilder sb = new StringBuilder(cycle.get(0));
        for (int i = 1; i < cycle.size(); i++) {
            Set<String> files = edges.get(cycle.get(i - 1)).get(cycle.get(i));
            sb.append(" -> ").append(cycle.get(i)).append(" (")
                    .append(files.stream().collect(Collectors.joining(", "))).append(")");
        }
        return sb.toString();
    }
}
