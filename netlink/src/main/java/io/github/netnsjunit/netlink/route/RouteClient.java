package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.sys.Errno;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * rtnetlink for one namespace, over its route socket: queries (links, addresses, routes, neighbours, bridge
 * FDB), single changes by name, {@link #changes()} for batches, and {@link #awaitOperational} for readiness.
 */
public final class RouteClient {
    private final NetlinkSocket socket;

    /** A client over a NETLINK_ROUTE socket. */
    public RouteClient(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** The client for a namespace's route socket. */
    public static RouteClient of(NamespaceHandle ns) {
        return new RouteClient(ns.routeSocket());
    }

    /** The namespace name used in messages. */
    public String namespace() {
        return socket.namespace();
    }

    /** A new batch of changes over this client's socket. */
    public RouteChanges changes() {
        return new RouteChanges(socket);
    }

    /** Every link ({@code ip link show}). */
    public List<Link> links() {
        List<Link> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Rtnl.RTM_GETLINK, "RTM_GETLINK dump",
                w -> IfInfoMsg.of(0).write(w))) {
            if (m.type() == Rtnl.RTM_NEWLINK) {
                out.add(Link.parse(m));
            }
        }
        return out;
    }

    /** The link of that name, if any. */
    public Optional<Link> link(String name) {
        // one RTM_GETLINK by name rather than a dump of every link: a host may have hundreds
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15) {
            return Optional.empty(); // no link name is longer (the kernel would refuse the attribute)
        }
        try {
            return Optional.of(Link.parse(socket.get(Rtnl.RTM_GETLINK, "RTM_GETLINK " + name,
                    w -> IfInfoMsg.of(0).write(w).attrString(Rtnl.IFLA_IFNAME, name))));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The link of that name, or a {@link NetlinkException} ENODEV naming it. */
    public Link requireLink(String name) {
        return link(name).orElseThrow(() -> noSuchLink(name));
    }

    private NetlinkException noSuchLink(String name) {
        return new NetlinkException("lookup of link " + name, namespace(), Errno.ENODEV,
                "no link named \"" + name + "\"", -1);
    }

    /** Every address of every link ({@code ip addr show}). */
    public List<Address> addresses() {
        List<Address> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Rtnl.RTM_GETADDR, "RTM_GETADDR dump",
                w -> IfAddrMsg.dump(AddressFamily.UNSPEC).write(w))) {
            if (m.type() == Rtnl.RTM_NEWADDR) {
                out.add(Address.parse(m));
            }
        }
        return out;
    }

    /** The routes of the main table, IPv4 and IPv6 ({@code ip route; ip -6 route}). */
    public List<RouteEntry> routes() {
        List<RouteEntry> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Rtnl.RTM_GETROUTE, "RTM_GETROUTE dump",
                w -> RtMsg.dump(AddressFamily.UNSPEC).write(w))) {
            if (m.type() == Rtnl.RTM_NEWROUTE) {
                RouteEntry r = RouteEntry.parse(m);
                if (r.table() == Rtnl.RT_TABLE_MAIN) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /**
     * The route the kernel picks for the lookup ({@code ip route get}): one RTM_GETROUTE, answered with one
     * RTM_NEWROUTE. A destination without a way out is a {@link NetlinkException} with the kernel's errno
     * (ENETUNREACH: no route; EHOSTUNREACH, EACCES, EINVAL: an unreachable, prohibit or blackhole route).
     */
    public RouteEntry lookup(RouteLookup lookup) {
        NetlinkMessage m = socket.get(Rtnl.RTM_GETROUTE, lookup.toString(), lookup::write);
        if (m.type() != Rtnl.RTM_NEWROUTE) {
            throw new IllegalStateException(lookup + ": the kernel answered with message type " + m.type());
        }
        return RouteEntry.parse(m);
    }

    /**
     * The table entry the kernel uses to reach {@code destination} ({@code ip route get fibmatch}), or empty when it
     * has no way out: no route (ENETUNREACH), or an {@code unreachable}, {@code prohibit} or {@code blackhole} route
     * (EHOSTUNREACH, EACCES, EINVAL).
     */
    public Optional<RouteEntry> routeTo(InetAddress destination) {
        return route(RouteLookup.to(destination).matchingEntry());
    }

    /**
     * The route the kernel picks for the lookup (with its source, input link and mark, through the policy rules),
     * or empty when it has no way out: no route (ENETUNREACH), an {@code unreachable}, {@code prohibit} or
     * {@code blackhole} route (EHOSTUNREACH, EACCES, EINVAL), or, for a lookup with an input link, a namespace that
     * does not forward (EHOSTUNREACH).
     */
    public Optional<RouteEntry> route(RouteLookup lookup) {
        try {
            return Optional.of(lookup(lookup));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENETUNREACH || e.errno() == Errno.EHOSTUNREACH || e.errno() == Errno.EACCES
                    || e.errno() == Errno.EINVAL) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The ARP and NDP caches ({@code ip neigh show}). */
    public List<Neighbour> neighbours() {
        List<Neighbour> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Rtnl.RTM_GETNEIGH, "RTM_GETNEIGH dump",
                w -> NdMsg.dump(AddressFamily.UNSPEC).write(w))) {
            if (m.type() == Rtnl.RTM_NEWNEIGH) {
                out.add(Neighbour.parse(m));
            }
        }
        return out;
    }

    /** The forwarding database of a bridge ({@code bridge fdb show br NAME}). */
    public List<FdbEntry> fdb(String bridge) {
        int index = requireLink(bridge).index();
        List<FdbEntry> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Rtnl.RTM_GETNEIGH, "RTM_GETNEIGH bridge fdb dump br " + bridge, w -> {
            NdMsg.dump(AddressFamily.BRIDGE).write(w).attrU32(Rtnl.NDA_MASTER, index);
        })) {
            if (m.type() == Rtnl.RTM_NEWNEIGH) {
                out.add(FdbEntry.parse(m));
            }
        }
        return out;
    }

    /**
     * The forwarding database of a VXLAN link ({@code bridge fdb show dev vx0}): its default destination and the
     * MACs it learnt, each with the remote endpoint. The dump names the link by ifindex in the ndmsg, which the
     * kernel's PF_BRIDGE fdb dump takes as a device filter (rtnl_fdb_dump).
     */
    public List<VxlanFdbEntry> vxlanFdb(String link) {
        int index = requireLink(link).index();
        List<VxlanFdbEntry> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(Rtnl.RTM_GETNEIGH, "RTM_GETNEIGH bridge fdb dump dev " + link,
                w -> new NdMsg(AddressFamily.BRIDGE, index, 0, 0, 0).write(w))) {
            if (m.type() == Rtnl.RTM_NEWNEIGH && NdMsg.parse(m.payload().duplicate()).index() == index) {
                out.add(VxlanFdbEntry.parse(m));
            }
        }
        return out;
    }

    /** Brings a link up by name. */
    public void linkUp(String name) {
        changes().linkUp(0, name).execute();
    }

    /** Takes a link down by name. */
    public void linkDown(String name) {
        changes().linkDown(0, name).execute();
    }

    /** Deletes a link by name. */
    public void deleteLink(String name) {
        changes().deleteLink(0, name).execute();
    }

    /** Adds an address to a link by name. */
    public void addAddress(String device, IpPrefix prefix) {
        changes().addAddress(requireLink(device).index(), device, prefix).execute();
    }

    /** Removes an address from a link by name. */
    public void deleteAddress(String device, IpPrefix prefix) {
        changes().deleteAddress(requireLink(device).index(), device, prefix).execute();
    }

    /** Adds a route; {@code device} may be empty when a gateway is given. */
    public void addRoute(IpPrefix to, InetAddress gateway, String device) {
        int index = device == null || device.isEmpty() ? 0 : requireLink(device).index();
        changes().addRoute(to, gateway, index, device).execute();
    }

    /** Makes {@code port} a port of {@code bridge}. */
    public void setMaster(String port, String bridge) {
        List<Link> links = links();
        changes().setMaster(indexIn(links, port), port, indexIn(links, bridge), bridge).execute();
    }

    private int indexIn(List<Link> links, String name) {
        return links.stream().filter(l -> l.name().equals(name)).mapToInt(Link::index).findFirst()
                .orElseThrow(() -> noSuchLink(name));
    }

    /**
     * Starts watching link notifications, to wait for links brought up afterwards with
     * {@link LinkWatch#awaitOperational} (which, unlike {@link #awaitOperational}, also covers the activation of
     * the transmit queue that the kernel does after setting the operstate).
     */
    public LinkWatch watchLinks() {
        return new LinkWatch(this, socket, true);
    }

    /**
     * Like {@link #watchLinks()}, for links that do not exist yet: skips the dump of the links already there, so
     * {@link LinkWatch#awaitOperational} knows only links created (or changed) after this call.
     */
    public LinkWatch watchNewLinks() {
        return new LinkWatch(this, socket, false);
    }

    /**
     * Waits until every named link is up with carrier and its operstate computed (see {@link Link#isOperational()}),
     * polling the link table. Throws, listing the links that are not ready, after {@code timeout}.
     */
    public void awaitOperational(Collection<String> names, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20_000;
        while (true) {
            List<Link> links = links();
            List<String> notReady = new ArrayList<>();
            for (String name : names) {
                Optional<Link> link = links.stream().filter(l -> l.name().equals(name)).findFirst();
                if (link.isEmpty()) {
                    notReady.add(name + " (absent)");
                } else if (!link.get().isOperational()) {
                    notReady.add(link.get().toString());
                }
            }
            if (notReady.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new NetlinkException("waiting for links " + names + " to be operationally up", namespace(),
                        Errno.ETIMEDOUT, "not ready after " + timeout.toMillis() + " ms: " + String.join("; ", notReady), -1);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 5_000_000);
        }
    }
}
