package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks {@code @Route} declarations against the links and addresses of their namespace. */
final class RouteChecks {

    private static final String DEFAULT = "default";

    private final ValidationContext context;
    /** Per namespace, destination to its first route: the kernel refuses a second (EEXIST). */
    private final Map<String, Map<String, Origin>> destinations = new HashMap<>();

    RouteChecks(ValidationContext context) {
        this.context = context;
    }

    /** The spec, or null when the declaration has a problem. */
    RouteSpec check(Declaration.Route d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        boolean nsKnown = context.checkNamespace(origin, "namespace", d.namespace());
        InetAddress via = via(d);
        IpPrefix to = to(d, via);
        if (d.via().isEmpty() && d.dev().isEmpty()) {
            context.report(origin, "attributes 'via' and 'dev' are both empty, so the kernel cannot tell where to send "
                    + "the packets. Give a gateway (via = \"192.168.88.1\") or an output link (dev = \"veth0\").");
        }
        if (to != null && via != null && to.isIpv4() != (via instanceof Inet4Address)) {
            context.report(origin, "via", "is " + quote(d.via()) + ", an " + family(via) + " address, but attribute 'to' is "
                    + quote(d.to()) + ", an " + (to.isIpv4() ? "IPv4" : "IPv6")
                    + " destination. Use a gateway of the same family as the destination.");
            via = null;
        }
        // The JVM's own namespace has routes and addresses we do not know about: only check our namespaces.
        if (nsKnown && !d.namespace().equals(Namespaces.HOST)) {
            context.checkLinkReference(origin, "dev", d.namespace(), d.dev(), "or leave it empty to let the kernel choose by 'via'");
            if (via != null) {
                checkGateway(origin, d.namespace(), d.via(), via);
            }
        }
        if (nsKnown && to != null) {
            Origin first = destinations.computeIfAbsent(d.namespace(), k -> new HashMap<>())
                    .putIfAbsent(to + (d.table() == 0 ? "" : " table " + d.table()), origin);
            if (first != null) {
                context.report(origin, "to", "routes " + to + " in namespace " + quote(d.namespace())
                        + " a second time; " + first + " already does. The kernel keeps one route per destination: "
                        + "remove one of them.");
            }
        }
        if (d.table() < 0) {
            context.report(origin, "table", "is " + d.table() + ", not a routing table. Use 1..2147483647 (e.g. 100, "
                    + "chosen by a @PolicyRule), or 0 for the main table.");
        } else if (d.table() != 0 && Namespaces.HOST.equals(d.namespace())) {
            context.report(origin, "table", "is " + d.table() + " in namespace \"host\". netns-junit adds routes to "
                    + "other tables, and policy rules, only in the test's own namespaces. Route in a declared "
                    + "namespace, or use the main table (0).");
        }
        if (context.problemCount() != before) {
            return null;
        }
        return new RouteSpec(d.namespace(), to, via, d.dev(), d.table(), origin);
    }

    private InetAddress via(Declaration.Route d) {
        if (d.via().isEmpty()) {
            return null;
        }
        try {
            return IpAddresses.parse(d.via());
        } catch (IllegalArgumentException e) {
            context.report(d.origin(), "via", "is " + quote(d.via()) + ", which is not an IP address literal. "
                    + "Write the gateway as a numeric address, e.g. \"192.168.88.1\" (host names are never resolved).");
            return null;
        }
    }

    /** "default" follows the gateway's family; without a gateway it means IPv4, IPv6 users write "::/0". */
    private IpPrefix to(Declaration.Route d, InetAddress via) {
        String text = d.to().trim();
        if (text.equals(DEFAULT)) {
            return IpPrefix.parse(via instanceof Inet6Address ? "::/0" : "0.0.0.0/0");
        }
        IpPrefix to;
        try {
            to = IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            context.report(d.origin(), "to", "is " + quote(d.to()) + ", which is neither \"default\" nor a network in CIDR "
                    + "notation: " + e.getMessage() + ". Write e.g. \"default\" or \"10.0.0.0/8\".");
            return null;
        }
        if (!to.equals(to.network())) {
            context.report(d.origin(), "to", "is " + quote(d.to()) + ", which has host bits set; the kernel only accepts "
                    + "the network address. Write " + quote(to.network().toString()) + ".");
            return null;
        }
        return to;
    }

    private void checkGateway(Origin origin, String namespace, String viaText, InetAddress via) {
        List<IpPrefix> connected = context.index.connectedIn(namespace).stream()
                .filter(p -> p.isIpv4() == (via instanceof Inet4Address))
                .collect(Collectors.toList());
        if (connected.stream().anyMatch(p -> p.address().equals(via))) {
            context.report(origin, "via", "is " + quote(viaText) + ", an address of namespace " + quote(namespace)
                    + " itself. A gateway is a neighbour on a connected network, e.g. the address of the bridge or "
                    + "of the veth peer.");
            return;
        }
        if (connected.isEmpty()) {
            context.report(origin, "via", "is " + quote(viaText) + ", but namespace " + quote(namespace) + " has no "
                    + family(via) + " address on any of its links, so no gateway is reachable. Give one of its links "
                    + "an address in the gateway's network first.");
            return;
        }
        if (connected.stream().noneMatch(p -> p.contains(via))) {
            String networks = connected.stream().map(p -> p.network().toString()).distinct()
                    .collect(Collectors.joining(", "));
            context.report(origin, "via", "is " + quote(viaText) + ", which is outside every network connected to "
                    + "namespace " + quote(namespace) + " (" + networks + "). The kernel only accepts a gateway it "
                    + "can reach directly: use an address inside one of them, or give a link in "
                    + quote(namespace) + " an address in the gateway's network.");
        }
    }

    private static String family(InetAddress address) {
        return address instanceof Inet4Address ? "IPv4" : "IPv6";
    }
}
