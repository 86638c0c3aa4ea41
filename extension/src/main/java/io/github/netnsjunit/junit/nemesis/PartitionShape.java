package io.github.netnsjunit.junit.nemesis;

import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.Topology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A partition shape over a set of namespaces, as Jepsen's nemeses make them: who no longer hears whom (a
 * "grudge"), with a name. {@link #applyTo(Topology)} puts it in force ({@link Topology#partitionShape}). The random
 * shapes draw from the {@link Random} given, so a seeded one gives the same shape every run.
 *
 * @param name   e.g. {@code halves [n2, n4] | [n1, n3, n5]}
 * @param grudge namespace -> the namespaces it no longer hears (symmetric for every shape here but the majorities
 *               ring of an even number of namespaces, as in Jepsen)
 */
public record PartitionShape(String name, Map<String, Set<String>> grudge) {
    /** Copies the grudge, keeping its order. */
    public PartitionShape {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        grudge.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        grudge = Collections.unmodifiableMap(copy);
    }

    /** {@code node} cut off from the other {@code nodes} (Jepsen's {@code partition-random-node}, node chosen). */
    public static PartitionShape isolate(String node, Collection<String> nodes) {
        List<String> all = distinct(nodes, 2);
        if (!all.contains(node)) {
            throw new IllegalArgumentException("isolate(" + node + ", " + all + "): " + node + " is not one of the "
                    + "nodes. Name one of " + all + ".");
        }
        List<String> rest = new ArrayList<>(all);
        rest.remove(node);
        return new PartitionShape("isolate " + node + " from " + rest, complete(List.of(node), rest));
    }

    /** One node, drawn at random, cut off from the others (Jepsen's {@code partition-random-node}). */
    public static PartitionShape isolateOne(Collection<String> nodes, Random random) {
        List<String> all = distinct(nodes, 2);
        return isolate(all.get(random.nextInt(all.size())), all);
    }

    /**
     * The nodes shuffled and cut in two halves that no longer hear each other, the smaller half first (Jepsen's
     * {@code partition-random-halves}).
     */
    public static PartitionShape halves(Collection<String> nodes, Random random) {
        List<String> shuffled = shuffled(nodes, 2, random);
        int cut = shuffled.size() / 2;
        List<String> a = shuffled.subList(0, cut);
        List<String> b = shuffled.subList(cut, shuffled.size());
        return new PartitionShape("halves " + a + " | " + b, complete(a, b));
    }

    /**
     * Every node hears a majority, but no two nodes the same majority (Jepsen's {@code partition-majorities-ring}):
     * the nodes shuffled into a ring, each window of a majority of consecutive nodes centred on one node is what
     * that node hears. Needs at least 3 nodes (with fewer a majority is everyone).
     */
    public static PartitionShape majoritiesRing(Collection<String> nodes, Random random) {
        List<String> ring = shuffled(nodes, 3, random);
        int n = ring.size();
        int majority = n / 2 + 1;
        Map<String, Set<String>> grudge = new LinkedHashMap<>();
        for (int start = 0; start < n; start++) {
            List<String> window = new ArrayList<>();
            for (int k = 0; k < majority; k++) {
                window.add(ring.get((start + k) % n));
            }
            String centre = window.get(majority / 2);
            Set<String> unheard = new LinkedHashSet<>(ring);
            unheard.removeAll(window);
            grudge.put(centre, unheard);
        }
        return new PartitionShape("majorities ring " + ring, grudge);
    }

    /**
     * Two halves that no longer hear each other, but one node in the middle that hears both and is heard by both
     * (Jepsen's {@code bridge} grudge): shuffled, split in two, the first node of the second half the bridge. Needs at
     * least 3 nodes.
     */
    public static PartitionShape bridge(Collection<String> nodes, Random random) {
        List<String> shuffled = shuffled(nodes, 3, random);
        int cut = shuffled.size() / 2;
        List<String> a = shuffled.subList(0, cut);
        String bridge = shuffled.get(cut);
        List<String> b = shuffled.subList(cut + 1, shuffled.size());
        return new PartitionShape("bridge " + a + " | " + bridge + " | " + b, complete(a, b));
    }

    /** Puts the shape in force on {@code topology}: a {@link Partition} (heal it, or teardown removes it). */
    public Partition applyTo(Topology topology) {
        return topology.partitionShape(name, grudge);
    }

    /** True when {@code a} and {@code b} still hear each other both ways (what a ping between them needs). */
    public boolean connected(String a, String b) {
        return !grudge.getOrDefault(a, Set.of()).contains(b) && !grudge.getOrDefault(b, Set.of()).contains(a);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Each of {@code a} no longer hears any of {@code b}, and the other way round. */
    private static Map<String, Set<String>> complete(List<String> a, List<String> b) {
        Map<String, Set<String>> grudge = new LinkedHashMap<>();
        a.forEach(x -> grudge.put(x, new LinkedHashSet<>(b)));
        b.forEach(x -> grudge.put(x, new LinkedHashSet<>(a)));
        return grudge;
    }

    private static List<String> shuffled(Collection<String> nodes, int least, Random random) {
        List<String> all = new ArrayList<>(distinct(nodes, least));
        Collections.shuffle(all, random);
        return all;
    }

    private static List<String> distinct(Collection<String> nodes, int least) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(nodes));
        if (all.size() != nodes.size() || all.size() < least || all.contains(null)) {
            throw new IllegalArgumentException("a partition shape needs at least " + least + " distinct namespace "
                    + "names, not " + nodes.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))
                    + ".");
        }
        return all;
    }
}
