package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.internal.model.HostEntrySpec;
import io.github.netnsjunit.junit.internal.model.NamespaceSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Internal: the host names of one topology, immutable. A namespace's names stand for every address declared on its
 * links ({@code lo} is never declared, so never included), in declaration order; a {@code @HostEntry} adds its
 * address to its name. Names are kept in lower case: resolvers compare host names without case.
 */
public final class HostTable {
    /** No names. */
    public static final HostTable EMPTY = new HostTable(Map.of());

    private final Map<String, List<InetAddress>> addresses;

    private HostTable(Map<String, List<InetAddress>> addresses) {
        this.addresses = addresses;
    }

    /** The names a validated model declares. */
    public static HostTable of(TopologyModel model) {
        Map<String, Set<InetAddress>> names = new LinkedHashMap<>();
        for (NamespaceSpec n : model.namespaces()) {
            if (n.hostnames().isEmpty()) {
                continue;
            }
            List<InetAddress> own = model.addressesIn(Set.of(n.name()));
            for (String name : n.hostnames()) {
                names.computeIfAbsent(key(name), k -> new LinkedHashSet<>()).addAll(own);
            }
        }
        for (HostEntrySpec h : model.hostEntries()) {
            names.computeIfAbsent(key(h.name()), k -> new LinkedHashSet<>()).add(h.address());
        }
        Map<String, List<InetAddress>> frozen = new LinkedHashMap<>();
        names.forEach((name, set) -> {
            if (!set.isEmpty()) {
                frozen.put(name, List.copyOf(set));
            }
        });
        return frozen.isEmpty() ? EMPTY : new HostTable(Collections.unmodifiableMap(frozen));
    }

    /** The lookup key of a host name: lower case, without the trailing dot of a fully qualified name. */
    public static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** True when nothing is named. */
    public boolean isEmpty() {
        return addresses.isEmpty();
    }

    /** Every name (lower case) and its addresses, in declaration order. */
    public Map<String, List<InetAddress>> names() {
        return addresses;
    }

    /** The addresses of {@code name}, if this table has it. */
    public Optional<List<InetAddress>> lookup(String name) {
        return Optional.ofNullable(addresses.get(key(name)));
    }

    /** The first name declared for {@code address}, if any. */
    public Optional<String> reverse(InetAddress address) {
        for (Map.Entry<String, List<InetAddress>> e : addresses.entrySet()) {
            if (e.getValue().contains(address)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** {@code /etc/hosts} lines, one per address: {@code 172.18.0.2\tdb postgres.test}. */
    public String hostsLines() {
        Map<InetAddress, List<String>> byAddress = new LinkedHashMap<>();
        addresses.forEach((name, list) -> list.forEach(a -> byAddress.computeIfAbsent(a, k -> new ArrayList<>()).add(name)));
        StringBuilder sb = new StringBuilder();
        byAddress.forEach((a, names) -> sb.append(IpAddresses.format(a)).append('\t').append(String.join(" ", names))
                .append('\n'));
        return sb.toString();
    }

    /** {@code db -> 172.18.0.2, fd00::2}, one name per line, for descriptions. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        addresses.forEach((name, list) -> sb.append(name).append(" -> ")
                .append(String.join(", ", list.stream().map(IpAddresses::format).toList())).append('\n'));
        return sb.toString();
    }
}
