package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.LinkEnd;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: unique names for the links a test creates in the host namespace. The host is shared by every test and
 * every JVM, so a declared name like {@code uplink} becomes {@code nj<pid>-<random>} there (at most 15 bytes); the
 * pid in the name lets a later run remove what a dead JVM left (see {@link HostSweep}).
 */
final class HostLinkNames {
    private static final Pattern OURS = Pattern.compile("nj([0-9a-z]{1,7})-[0-9a-z]{4}");

    /** The model with host-side link names replaced, and the replacements (declared name to real name). */
    record Renamed(TopologyModel model, Map<String, String> aliases) {
    }

    private HostLinkNames() {
    }

    /** The pid encoded in one of our host link names, if it is one. */
    static Optional<Long> pidOf(String linkName) {
        Matcher m = OURS.matcher(linkName);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1), 36)) : Optional.empty();
    }

    static Renamed rename(TopologyModel model, long pid, Collection<String> existingHostLinks) {
        Map<String, String> aliases = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(existingHostLinks);
        for (LinkEnd e : model.linksIn(Namespaces.HOST)) {
            aliases.computeIfAbsent(e.name(), n -> fresh(pid, taken));
        }
        if (aliases.isEmpty()) {
            return new Renamed(model, Map.of());
        }
        return new Renamed(model.renameLinks(Namespaces.HOST, aliases), Map.copyOf(aliases));
    }

    private static String fresh(long pid, Set<String> taken) {
        while (true) {
            String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
            String name = "nj" + Long.toString(pid, 36) + "-" + suffix;
            if (taken.add(name)) {
                return name;
            }
        }
    }
}
