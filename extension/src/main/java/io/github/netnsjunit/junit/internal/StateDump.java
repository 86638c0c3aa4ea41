package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.Neighbour;
import io.github.netnsjunit.netlink.route.Route;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.Rtnl;
import java.util.List;

/** Internal: a namespace's state read through netlink and printed the way {@code ip} prints it. */
final class StateDump {
    private StateDump() {
    }

    static String describe(String namespace, RouteClient route) {
        List<Link> links = route.links();
        List<Address> addresses = route.addresses();
        StringBuilder sb = new StringBuilder("netns ").append(namespace).append(":\n");
        for (Link l : links) {
            sb.append("  ").append(l.index()).append(": ").append(l.name());
            if (l.peerIndex() != 0 && l.peerIndex() != l.index()) {
                sb.append("@if").append(l.peerIndex());
            }
            sb.append(": <").append(l.flagNames()).append("> mtu ").append(l.mtu());
            if (l.master() != 0) {
                sb.append(" master ").append(nameOf(links, l.master()));
            }
            sb.append(" state ").append(Rtnl.operstateName(l.operstate()));
            if (l.kind() != null) {
                sb.append(" type ").append(l.kind());
            }
            sb.append('\n');
            if (l.mac() != null) {
                sb.append("      link/ether ").append(l.mac()).append('\n');
            }
            for (Address a : addresses) {
                if (a.index() == l.index()) {
                    sb.append("      ").append(a).append('\n');
                }
            }
        }
        List<Route> routes = route.routes();
        sb.append("  routes:\n");
        for (Route r : routes) {
            if (r.type() == Rtnl.RTN_UNICAST) {
                sb.append("    ").append(r.format(nameOf(links, r.outIndex()))).append('\n');
            }
        }
        List<Neighbour> neighbours = route.neighbours().stream()
                .filter(n -> (n.state() & Rtnl.NUD_NOARP) == 0).toList();
        sb.append("  neighbours:").append(neighbours.isEmpty() ? " none\n" : "\n");
        for (Neighbour n : neighbours) {
            sb.append("    ").append(n.toString().replace(" lladdr", " dev " + nameOf(links, n.index()) + " lladdr"))
                    .append('\n');
        }
        return sb.toString();
    }

    static String nameOf(List<Link> links, int index) {
        return links.stream().filter(l -> l.index() == index).map(Link::name).findFirst().orElse("if" + index);
    }
}
