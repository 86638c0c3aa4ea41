package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.BridgeSpec;
import io.github.netnsjunit.junit.internal.model.MasqueradeSpec;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.PortForwardSpec;
import io.github.netnsjunit.junit.internal.model.RouteSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.VethSpec;
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
        for (VethSpec v : model.veths()) {
            if (isHost(v.namespace())) {
                aliases.computeIfAbsent(v.name(), n -> fresh(pid, taken));
            }
            if (isHost(v.peerNamespace())) {
                aliases.computeIfAbsent(v.peer(), n -> fresh(pid, taken));
            }
        }
        for (BridgeSpec b : model.bridges()) {
            if (isHost(b.namespace())) {
                aliases.computeIfAbsent(b.name(), n -> fresh(pid, taken));
            }
        }
        if (aliases.isEmpty()) {
            return new Renamed(model, Map.of());
        }
        TopologyModel renamed = new TopologyModel(model.namespaces(),
                model.veths().stream().map(v -> new VethSpec(
                        host(v.namespace(), v.name(), aliases), v.namespace(), v.addresses(),
                        host(v.peerNamespace(), v.peer(), aliases), v.peerNamespace(), v.peerAddresses(),
                        host(v.namespace(), v.master(), aliases), host(v.peerNamespace(), v.peerMaster(), aliases),
                        v.mtu(), v.mac(), v.peerMac(), v.origin())).toList(),
                model.bridges().stream().map(b -> new BridgeSpec(host(b.namespace(), b.name(), aliases), b.namespace(),
                        b.addresses(), b.origin())).toList(),
                model.routes().stream().map(r -> new RouteSpec(r.namespace(), r.to(), r.via(),
                        host(r.namespace(), r.dev(), aliases), r.origin())).toList(),
                model.masquerades().stream().map(m -> new MasqueradeSpec(m.namespace(), m.source(),
                        host(m.namespace(), m.outInterface(), aliases), m.origin())).toList(),
                model.portForwards().stream().map(p -> new PortForwardSpec(p.namespace(), p.protocol(), p.port(), p.to(),
                        host(p.namespace(), p.inInterface(), aliases), p.origin())).toList(),
                model.hostEntries(), model.conditions()) /* conditions are never on host links (ConditionChecks refuses them) */;
        return new Renamed(renamed, Map.copyOf(aliases));
    }

    private static boolean isHost(String namespace) {
        return Namespaces.HOST.equals(namespace);
    }

    private static String host(String namespace, String name, Map<String, String> aliases) {
        return isHost(namespace) ? aliases.getOrDefault(name, name) : name;
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
