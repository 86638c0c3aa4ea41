package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Internal: checks a network sysctl key against the kernel's own table, {@code /proc/sys/net}, before anything is
 * created. The table is read in the JVM's namespace: every network namespace registers the same keys (bar a few
 * kept in the initial one, which the kernel still refuses at setup, with its errno). Per-interface keys
 * ({@code net.ipv4.conf.veth0.rp_filter}, {@code net.ipv6.neigh.veth0...}) name links that do not exist yet: they
 * are checked through the template every new link copies, {@code conf.default} / {@code neigh.default}, and the
 * link must be one the topology declares in that namespace.
 */
final class SysctlKeys {
    private static final Path ROOT = Path.of("/proc/sys");
    /** Directories whose next component is an interface name. */
    private static final List<String> PER_INTERFACE = List.of("net.ipv4.conf.", "net.ipv6.conf.", "net.ipv4.neigh.",
            "net.ipv6.neigh.", "net.mpls.conf.");
    private static final Set<String> NOT_LINKS = Set.of("all", "default");

    private SysctlKeys() {
    }

    /**
     * What is wrong with {@code key} in a namespace with these links ({@code lo} included); empty when the kernel has
     * it and it can be written.
     */
    static Optional<String> problem(String key, Set<String> links) {
        String checked = key;
        for (String prefix : PER_INTERFACE) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    String link = rest.substring(0, dot);
                    if (!NOT_LINKS.contains(link) && !links.contains(link)) {
                        return Optional.of("names link " + quote(link) + ", which is not a link of this namespace (it"
                                + " has " + String.join(", ", links) + "). Use one of those, or \"all\"/\"default\".");
                    }
                    if (!NOT_LINKS.contains(link)) {
                        checked = prefix + "default" + rest.substring(dot);
                    }
                }
                break;
            }
        }
        Path file = ROOT.resolve(checked.replace('.', '/'));
        if (Files.isDirectory(file)) {
            return Optional.of("is a group of sysctls, not one; name a key inside it.");
        }
        if (!Files.exists(file)) {
            return Optional.of("is not a sysctl this kernel has" + didYouMean(file.getParent(),
                    file.getFileName().toString()));
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!permissions.contains(PosixFilePermission.OWNER_WRITE)) {
                return Optional.of("is read-only (" + file + " has no write permission): it reports a value, it cannot be"
                        + " set. Remove it.");
            }
        } catch (IOException e) {
            return Optional.empty(); // cannot tell: the kernel decides at setup
        }
        return Optional.empty();
    }

    /** " (did you mean net.ipv4.ip_forward?)" for the closest key of the deepest existing directory, else ".". */
    private static String didYouMean(Path directory, String name) {
        Path dir = directory;
        String wanted = name;
        while (dir != null && !Files.isDirectory(dir) && dir.startsWith(ROOT)) {
            wanted = dir.getFileName() + "." + wanted;
            dir = dir.getParent();
        }
        if (dir == null || !dir.startsWith(ROOT)) {
            return ".";
        }
        List<String> candidates = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> candidates.add(p.getFileName().toString()));
        } catch (IOException e) {
            return ".";
        }
        String target = wanted.isEmpty() ? "" : wanted.split("\\.")[0];
        Optional<String> best = candidates.stream()
                .filter(c -> target.isEmpty() || distance(c, target) <= Math.max(2, target.length() / 3))
                .min(Comparator.comparingInt((String c) -> distance(c, target)).thenComparing(c -> c));
        if (best.isEmpty()) {
            return ".";
        }
        String key = ROOT.relativize(dir.resolve(best.get())).toString().replace('/', '.');
        return " (did you mean " + quote(key) + "?).";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
