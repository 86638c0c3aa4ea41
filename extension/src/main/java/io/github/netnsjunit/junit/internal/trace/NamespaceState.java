package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.Neighbour;
import io.github.netnsjunit.netlink.route.RouteEntry;
import io.github.netnsjunit.netlink.route.RouteLookup;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Internal: one namespace as read from the kernel right after the probe: links, addresses, neighbours, and, on
 * demand, its sysctls and the route the kernel picks for an address.
 *
 * @param routes the kernel's answer to a route lookup ({@code ip route get}, RTM_GETROUTE, with the packet's source,
 *               input link and mark when known), empty when it has no way out: the kernel's own choice through its
 *               rules and tables, not a prefix match of ours
 */
public record NamespaceState(String name, List<Link> links, List<Address> addresses,
        Function<RouteLookup, Optional<RouteEntry>> routes, List<Neighbour> neighbours, UnaryOperator<String> sysctls) {

    Optional<Link> link(int index) {
        return links.stream().filter(l -> l.index() == index).findFirst();
    }

    Optional<Link> link(String linkName) {
        return links.stream().filter(l -> l.name().equals(linkName)).findFirst();
    }

    String linkName(int index) {
        return link(index).map(Link::name).orElse("if" + index);
    }

    /** The route the kernel picks for {@code address}, empty when it has none (it asks the kernel). */
    Optional<RouteEntry> routeTo(InetAddress address) {
        return routes.apply(RouteLookup.to(address).matchingEntry());
    }

    /** The table entry the kernel uses for a packet described by {@code lookup} (its policy rules followed). */
    Optional<RouteEntry> routeFor(RouteLookup lookup) {
        return routes.apply(lookup.matchingEntry());
    }

    /** The link holding {@code address}, if this namespace owns it. */
    Optional<Link> owner(InetAddress address) {
        return addresses.stream().filter(a -> a.prefix().address().equals(address)).findFirst()
                .flatMap(a -> link(a.index()));
    }

    /** The address (with its prefix) of {@code address} here, if owned. */
    Optional<Address> address(InetAddress address) {
        return addresses.stream().filter(a -> a.prefix().address().equals(address)).findFirst();
    }

    /** The value of a sysctl, or "?" when it cannot be read. */
    String sysctl(String key) {
        try {
            return sysctls.apply(key).trim();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** {@code ip route} words for a route, with the link name. */
    String format(RouteEntry r) {
        return r.format(linkName(r.outIndex()));
    }

    static String f(InetAddress a) {
        return IpAddresses.format(a);
    }
}
