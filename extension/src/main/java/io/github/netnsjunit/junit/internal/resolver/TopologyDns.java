package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: a topology's DNS server, answering its host names in each of its namespaces (see {@link DnsZone} for
 * what it answers, {@link NameServerAddresses} for where it listens). Each namespace gets UDP and TCP sockets on
 * port 53 of every {@link NameServerAddresses name server address}, made by a short-lived thread inside the
 * namespace; one thread serves them all. With it, every resolver that asks DNS — glibc's {@code getaddrinfo} (the JDK 17
 * resolver, {@code getent}, {@code curl}), {@code dig}, Netty's {@code DnsNameResolver} — gets the topology's names
 * from any thread inside the namespace, and its queries never leave it.
 */
public final class TopologyDns implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TopologyDns.class.getName());
    /** The DNS port. */
    public static final int PORT = 53;
    private static final int LOOPBACK_INDEX = 1;

    /**
     * A namespace to serve: its name and its kernel handle. In a namespace the topology does not own (a private
     * {@code "host"}, which outlives the topology) the addresses put on {@code lo} are removed again at
     * {@link #close()}; an owned one takes them along when it is deleted.
     */
    public record Place(String name, NamespaceHandle handle) {
    }

    /** An address we put on {@code lo} of a namespace that outlives the topology: removed at {@link #close()}. */
    private record Added(Place place, IpPrefix prefix) {
    }

    private final DnsServer server;
    private final DnsFaultRules rules;
    private final List<String> served;
    private final List<Added> added;

    private TopologyDns(DnsServer server, DnsFaultRules rules, List<String> served, List<Added> added) {
        this.server = server;
        this.rules = rules;
        this.served = served;
        this.added = added;
    }

    /**
     * Starts serving {@code table} in every place. A place where port 53 is taken (a DNS server the test started
     * there first) is skipped with a warning: that server answers instead.
     */
    public static TopologyDns start(HostTable table, List<Place> places) {
        List<InetAddress> addresses = NameServerAddresses.ofJvm();
        DnsFaultRules rules = new DnsFaultRules();
        List<DnsServer.Endpoint> endpoints = new ArrayList<>();
        List<String> served = new ArrayList<>();
        List<Added> added = new ArrayList<>();
        try {
            List<List<InetAddress>> usable = new ArrayList<>();
            List<DnsZone> zones = new ArrayList<>();
            for (Place p : places) {
                usable.add(addLoopbackAddresses(p, addresses, added));
                zones.add(new DnsZone(table, rules, p.name()));
            }
            List<List<DnsServer.Endpoint>> opened = openInside(places, usable, zones);
            for (int i = 0; i < places.size(); i++) {
                if (!opened.get(i).isEmpty()) {
                    served.add(places.get(i).name());
                }
                endpoints.addAll(opened.get(i));
            }
            return new TopologyDns(DnsServer.start(endpoints), rules, List.copyOf(served), List.copyOf(added));
        } catch (RuntimeException | IOException e) {
            endpoints.forEach(ep -> {
                try {
                    ep.channel().close();
                } catch (IOException ignored) {
                    // closing what was opened
                }
            });
            try {
                removeAdded(added);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw new IllegalStateException("netns-junit could not start the DNS server of the topology's host names: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Opens the sockets inside each namespace: a socket belongs to the network namespace of the thread that creates
     * it. The building thread enters each namespace in turn and comes back ({@link NamespaceHandle#inside}), as the
     * netlink library does for its own sockets; the namespaces' pinned threads are not needed, whose start with
     * their private mount view costs milliseconds each. What was opened is closed again when a later step fails.
     */
    private static List<List<DnsServer.Endpoint>> openInside(List<Place> places, List<List<InetAddress>> addresses,
            List<DnsZone> zones) throws IOException {
        List<List<DnsServer.Endpoint>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < places.size(); i++) {
                Place p = places.get(i);
                List<InetAddress> here = addresses.get(i);
                DnsZone zone = zones.get(i);
                opened.add(p.handle().inside("opening the DNS server's sockets", () -> {
                    try {
                        return open(p.name(), here, zone);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, TopologyDns::closeAll));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.forEach(TopologyDns::closeAll);
            if (e instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw e;
        }
    }

    private static void closeAll(List<DnsServer.Endpoint> endpoints) {
        for (DnsServer.Endpoint ep : endpoints) {
            try {
                ep.channel().close();
            } catch (IOException ignored) {
                // closing what was opened
            }
        }
    }

    /**
     * Puts the name server addresses that are not loopback ones on the namespace's {@code lo} (/32, /128), so that
     * a query to them is delivered locally instead of routed towards the real server; returns those usable here.
     * Those added in a namespace the topology does not own go to {@code added}, to be removed at close.
     */
    private static List<InetAddress> addLoopbackAddresses(Place p, List<InetAddress> addresses, List<Added> added) {
        RouteClient route = RouteClient.of(p.handle());
        List<InetAddress> usable = new ArrayList<>();
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress()) {
                usable.add(a);
                continue;
            }
            try {
                // lo is ifindex 1 in every network namespace (LOOPBACK_IFINDEX): no lookup by name needed
                IpPrefix prefix = IpPrefix.of(a, a instanceof Inet4Address ? 32 : 128);
                route.changes().addAddress(LOOPBACK_INDEX, "lo", prefix).execute();
                if (!p.handle().isOwned()) {
                    added.add(new Added(p, prefix));
                }
                usable.add(a);
            } catch (RuntimeException e) {
                // e.g. IPv6 disabled in the namespace: then no resolver there can use that address anyway
                LOG.log(System.Logger.Level.DEBUG, "netns-junit DNS: no " + IpAddresses.format(a) + " on lo of "
                        + p.name() + ": " + e.getMessage());
            }
        }
        return usable;
    }

    /** Opens UDP and TCP sockets on port 53 of each address; runs on a thread inside the namespace. */
    private static List<DnsServer.Endpoint> open(String namespace, List<InetAddress> addresses, DnsZone zone)
            throws IOException {
        List<DnsServer.Endpoint> out = new ArrayList<>();
        for (InetAddress a : addresses) {
            InetSocketAddress at = new InetSocketAddress(a, PORT);
            StandardProtocolFamily family = a instanceof Inet4Address ? StandardProtocolFamily.INET
                    : StandardProtocolFamily.INET6;
            DatagramChannel udp = null;
            ServerSocketChannel tcp = null;
            try {
                udp = DatagramChannel.open(family).bind(at);
                tcp = ServerSocketChannel.open(family).bind(at);
                out.add(new DnsServer.Endpoint(udp, zone));
                out.add(new DnsServer.Endpoint(tcp, zone));
            } catch (IOException e) {
                if (udp != null) {
                    udp.close();
                }
                if (tcp != null) {
                    tcp.close();
                }
                if (a.isLoopbackAddress() && a.getAddress().length == 16) {
                    continue; // ::1 absent where IPv6 is disabled
                }
                LOG.log(System.Logger.Level.WARNING, "netns-junit: the topology's DNS server cannot listen on "
                        + IpAddresses.format(a) + " port 53 in " + namespace + " (" + e.getMessage() + "): a server"
                        + " started there by the test holds the port, and it answers lookups there instead.");
            }
        }
        return out;
    }

    /** The faults of this server, for the fault builders. */
    public DnsFaultRules rules() {
        return rules;
    }

    /** The namespaces served. */
    public List<String> namespaces() {
        return served;
    }

    /**
     * Stops the server, closes its sockets, and removes the addresses it put on {@code lo} of namespaces the
     * topology does not own; a removal that fails is reported after the others were tried.
     */
    @Override
    public void close() {
        rules.clear();
        server.close();
        removeAdded(added);
    }

    private static void removeAdded(List<Added> added) {
        IllegalStateException failed = null;
        for (Added a : added) {
            try {
                RouteClient.of(a.place().handle()).changes().deleteAddress(LOOPBACK_INDEX, "lo", a.prefix()).execute();
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = new IllegalStateException("netns-junit could not remove the DNS server's address "
                            + a.prefix() + " from lo of " + a.place().name() + ": " + e.getMessage(), e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
