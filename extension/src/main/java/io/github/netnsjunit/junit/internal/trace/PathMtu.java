package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.RouteEntry;
import io.github.netnsjunit.netlink.route.RouteLookup;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Internal: the MTUs along the path from a namespace to an address, hop by hop, as the kernel routes it: in each
 * namespace the route the kernel picks for the packet (RTM_GETROUTE; in a router as a forwarded packet, with the
 * sender's source address and the link it arrived on, so policy rules are followed), the MTU of its output link,
 * and the MTU of the link that holds the next hop in the next namespace. Bridges and their ports in between are
 * not followed: the hop goes from the link with the route to the link with the address. The same for IPv6 (the
 * kernel's IPv6 lookup takes the source and input link too, and answers with the preferred source); a link-local
 * next hop is found on the namespace whose link holds it, as any other address.
 */
record PathMtu(List<Hop> hops) {
    private static final int MAX_HOPS = 16;

    /**
     * One hop: out of {@code outLink} (MTU {@code outMtu}) in {@code namespace}, into {@code inLink} (MTU
     * {@code inMtu}) of {@code next}.
     */
    record Hop(String namespace, String outLink, int outMtu, String next, String inLink, int inMtu) {
    }

    /** The hops from {@code from} to the namespace owning {@code target}; empty when the path leaves ours. */
    static PathMtu walk(List<NamespaceHandle> namespaces, NamespaceHandle from, InetAddress target) {
        List<Hop> hops = new ArrayList<>();
        NamespaceHandle here = from;
        InetAddress source = null;
        int arrivedOn = 0;
        Set<String> seen = new HashSet<>();
        while (hops.size() < MAX_HOPS && seen.add(here.name())) {
            RouteClient rc = RouteClient.of(here);
            Optional<RouteEntry> route = route(rc, target, source, arrivedOn);
            if (route.isEmpty()) {
                return new PathMtu(List.of());
            }
            RouteEntry r = route.get();
            if (source == null) {
                source = r.source();
            }
            List<Link> links = rc.links();
            Optional<Link> out = links.stream().filter(l -> l.index() == r.outIndex()).findFirst();
            if (out.isEmpty() || "lo".equals(out.get().name())) {
                return new PathMtu(List.of());
            }
            InetAddress nextHop = r.gateway() != null ? r.gateway() : target;
            NamespaceHandle next = null;
            Link in = null;
            for (NamespaceHandle ns : namespaces) {
                if (ns == here) {
                    continue;
                }
                RouteClient other = RouteClient.of(ns);
                Optional<Address> owned = other.addresses().stream()
                        .filter(a -> a.prefix().address().equals(nextHop)).findFirst();
                if (owned.isPresent()) {
                    next = ns;
                    in = other.links().stream().filter(l -> l.index() == owned.get().index()).findFirst()
                            .orElse(null);
                    break;
                }
            }
            if (next == null || in == null) {
                return new PathMtu(List.of());
            }
            hops.add(new Hop(here.name(), out.get().name(), out.get().mtu(), next.name(), in.name(), in.mtu()));
            if (nextHop.equals(target)) {
                return new PathMtu(hops);
            }
            here = next;
            arrivedOn = in.index();
        }
        return new PathMtu(List.of());
    }

    private static Optional<RouteEntry> route(RouteClient rc, InetAddress target, InetAddress source, int iif) {
        RouteLookup lookup = RouteLookup.to(target);
        if (source != null && iif != 0) {
            lookup = lookup.from(source).arrivingOn(iif);
        }
        try {
            return Optional.of(rc.lookup(lookup));
        } catch (NetlinkException e) {
            return Optional.empty(); // no route, or not forwarding: the other explainers say so
        }
    }

    /** The MTU of the sender's link: the size of the largest packet it sends unfragmented. */
    int senderMtu() {
        return hops.isEmpty() ? 0 : hops.get(0).outMtu();
    }

    /** The smallest MTU on the way (out and in links). */
    int narrowest() {
        return hops.stream().mapToInt(h -> Math.min(h.outMtu(), h.inMtu())).min().orElse(0);
    }

    /** Is there a link on the way narrower than the sender's? */
    boolean narrows() {
        return !hops.isEmpty() && narrowest() < senderMtu();
    }

    /**
     * The first hop whose receiving end is narrower than its sending end (a frame the receiver drops without a
     * word), if one comes before any router's narrower output link.
     */
    Optional<Hop> silentDrop() {
        int carried = senderMtu();
        for (Hop h : hops) {
            if (h.outMtu() < carried) {
                return Optional.empty(); // a router says "fragmentation needed" first
            }
            if (h.inMtu() < carried) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The first hop out of a router whose output link is narrower than what reaches it. */
    Optional<Hop> narrowRouterLink() {
        int carried = senderMtu();
        for (Hop h : hops) {
            if (h.outMtu() < carried) {
                return Optional.of(h);
            }
            carried = Math.min(carried, h.inMtu());
        }
        return Optional.empty();
    }
}
