package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks host names: {@code @NetNamespace(hostnames = ...)} and {@code @HostEntry}. A name is a DNS name (RFC 1123),
 * never an IP literal nor {@code localhost}, and belongs to one namespace of the topology, compared without case
 * as resolvers do. A {@code @HostEntry} address must be one a namespace can reach: in the network of a declared
 * link address, covered by a declared route, or a loopback address (every namespace has {@code lo}).
 */
final class HostNameChecks {

    /** RFC 1035 limits: 63 bytes per label, 253 characters for the whole name in text form. */
    static final int MAX_LABEL = 63;
    static final int MAX_NAME = 253;

    private final ValidationContext context;
    /** Lower-case name to what claimed it first: a namespace's host name or a {@code @HostEntry}. */
    private final Map<String, Claim> claimed = new HashMap<>();
    private final List<IpPrefix> connected = new ArrayList<>();
    private final List<IpPrefix> routed = new ArrayList<>();

    /** Who owns a name: {@code namespace} is null for a {@code @HostEntry}. */
    private record Claim(String namespace, Origin origin) {
    }

    HostNameChecks(ValidationContext context, RawTopology raw) {
        this.context = context;
        // the whole topology first: a @HostEntry may come before the links that make its address reachable
        for (Declaration d : raw.declarations()) {
            if (d instanceof Declaration.Veth v) {
                addPrefixes(v.addresses(), connected);
                addPrefixes(v.peerAddresses(), connected);
            } else if (d instanceof Declaration.Bridge b) {
                addPrefixes(b.addresses(), connected);
            } else if (d instanceof Declaration.Route r) {
                if (r.to().equals("default")) {
                    routed.add(IpPrefix.parse("0.0.0.0/0"));
                    routed.add(IpPrefix.parse("::/0"));
                } else {
                    addPrefixes(List.of(r.to()), routed);
                }
            }
        }
    }

    private static void addPrefixes(List<String> texts, List<IpPrefix> out) {
        for (String text : texts) {
            try {
                out.add(IpPrefix.parse(text));
            } catch (IllegalArgumentException e) {
                // reported by the check of the declaration itself
            }
        }
    }

    /** The namespace's host names, or null when one of them has a problem. */
    List<String> check(Declaration.Namespace d) {
        int before = context.problemCount();
        Set<String> own = new LinkedHashSet<>();
        for (String name : d.hostnames()) {
            Optional<String> bad = syntax(name);
            if (bad.isPresent()) {
                context.report(d.origin(), "hostnames", bad.get());
                continue;
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (!own.add(key)) {
                context.report(d.origin(), "hostnames", "has " + quote(name)
                        + " twice (host names do not distinguish case). Keep one of them.");
                continue;
            }
            Claim first = claimed.putIfAbsent(key, new Claim(d.name(), d.origin()));
            if (first != null && !first.origin().equals(d.origin())) {
                context.report(d.origin(), "hostnames", "has " + quote(name) + ", which " + owner(first)
                        + ". A host name resolves to one place only: remove it here or there, or choose another name.");
            }
        }
        return context.problemCount() == before ? List.copyOf(d.hostnames()) : null;
    }

    /** The spec, or null when the declaration has a problem. */
    HostEntrySpec check(Declaration.HostEntry d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        Optional<String> bad = syntax(d.name());
        if (bad.isPresent()) {
            context.report(origin, "name", bad.get().replaceFirst("^has ", "is "));
        } else {
            Claim first = claimed.putIfAbsent(d.name().toLowerCase(Locale.ROOT), new Claim(null, origin));
            if (first != null && first.namespace() != null) {
                context.report(origin, "name", "is " + quote(d.name()) + ", which " + owner(first) + ". Remove this "
                        + (origin.isBuilder() ? "hostEntry(...)" : "@HostEntry")
                        + " (the namespace's name already resolves to its addresses), or choose another name.");
            }
        }
        InetAddress address = address(origin, d.address());
        return context.problemCount() == before ? new HostEntrySpec(d.name(), address, origin) : null;
    }

    private static String owner(Claim first) {
        return first.namespace() == null
                ? "is already given to an address by " + first.origin()
                : "is already a host name of namespace " + quote(first.namespace()) + " by " + first.origin();
    }

    private InetAddress address(Origin origin, String text) {
        String example = "Write an IPv4 or IPv6 address, e.g. \"172.18.0.3\" or \"fd00::3\".";
        if (text.contains("/")) {
            context.report(origin, "address", "is " + quote(text) + ", which has a prefix length; a host name stands "
                    + "for one address. Write the address alone, e.g. " + quote(text.substring(0, text.indexOf('/'))) + ".");
            return null;
        }
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("::ffff:") && trimmed.indexOf('.') > 0) {
            String v4 = trimmed.substring("::ffff:".length());
            context.report(origin, "address", "is " + quote(text) + ", an IPv4-mapped IPv6 address: it stands for the"
                    + " IPv4 address " + v4 + ", which only IPv6 sockets reach by that form. Write the IPv4 address"
                    + " itself, " + quote(v4) + ".");
            return null;
        }
        InetAddress address;
        try {
            address = IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            context.report(origin, "address", "is " + quote(text) + ", which is not an IP address literal. " + example);
            return null;
        }
        if (address.isLoopbackAddress() || contains(connected, address) || contains(routed, address)) {
            return address;
        }
        String networks = connected.stream().map(p -> p.network().toString()).distinct()
                .collect(Collectors.joining(", "));
        context.report(origin, "address", "is " + quote(text) + ", which no namespace of this topology can reach: "
                + (networks.isEmpty() ? "no link has an address" : "it is outside every network of the declared link addresses ("
                + networks + ")") + " and no declared route covers it. Use an address in one of those networks, or declare "
                + (origin.isBuilder() ? "a route(...)" : "a @Route") + " towards it.");
        return null;
    }

    private static boolean contains(List<IpPrefix> prefixes, InetAddress address) {
        for (IpPrefix p : prefixes) {
            if (p.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** What is wrong with {@code name} as a host name, starting with "has", or empty when it is a good one. */
    static Optional<String> syntax(String name) {
        String q = quote(name);
        if (name.isEmpty()) {
            return Optional.of("has an empty name. Give a host name such as \"db\" or \"postgres.test\".");
        }
        if (looksLikeAddress(name)) {
            return Optional.of("has " + q + ", which is an IP address, not a host name: addresses need no name to "
                    + "resolve. Use a name such as \"db\", or remove it.");
        }
        if (name.equalsIgnoreCase("localhost") || name.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
            return Optional.of("has " + q + ", which always means the loopback address of the caller (RFC 6761). "
                    + "Choose another name, e.g. \"db\".");
        }
        String fix = " Use e.g. " + quote(suggestion(name)) + ".";
        if (name.length() > MAX_NAME) {
            return Optional.of("has a name of " + name.length() + " characters, over the DNS limit of " + MAX_NAME
                    + ". Use a shorter name.");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("has " + q + ", which has an empty label (a leading, trailing or doubled '.')." + fix);
            }
            if (label.length() > MAX_LABEL) {
                return Optional.of("has " + q + ", whose label " + quote(label.substring(0, 10) + "...") + " is "
                        + label.length() + " characters long, over the DNS limit of " + MAX_LABEL + "." + fix);
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("has " + q + ", whose label " + quote(label)
                        + " starts or ends with '-', which RFC 1123 does not allow." + fix);
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-') {
                    return Optional.of("has " + q + ", which contains " + describe(c)
                            + "; a host name has only letters, digits and '-' in dot-separated labels (RFC 1123)."
                            + fix);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * IPv6 literals, and every form {@code inet_aton} accepts for IPv4 ({@code 10.1}, {@code 0x7f.1}): all-numeric
     * labels. glibc would read such a name as an address and never look it up.
     */
    private static boolean looksLikeAddress(String name) {
        if (name.indexOf(':') >= 0) {
            return true;
        }
        for (String label : name.split("\\.", -1)) {
            if (!label.matches("[0-9]+|0[xX][0-9a-fA-F]*")) {
                return false;
            }
        }
        return true;
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '_' -> "'_'";
            default -> Character.isWhitespace(c) ? "whitespace" : "'" + c + "'";
        };
    }

    private static String suggestion(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("\\.{2,}", ".")
                .replaceAll("^[.-]+|[.-]+$", "").replaceAll("-+\\.", ".").replaceAll("\\.-+", ".");
        return s.isEmpty() ? "db" : s.length() > MAX_LABEL ? s.substring(0, MAX_LABEL).replaceAll("[.-]+$", "") : s;
    }
}
