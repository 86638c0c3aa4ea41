package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.BridgeSpec;
import io.github.netnsjunit.junit.internal.model.MacvlanSpec;
import io.github.netnsjunit.junit.internal.model.NamespaceSpec;
import io.github.netnsjunit.junit.internal.model.PolicyRuleSpec;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.RouteSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.junit.internal.model.VethSpec;
import io.github.netnsjunit.junit.internal.model.VxlanSpec;
import io.github.netnsjunit.junit.internal.resolver.HostTable;
import io.github.netnsjunit.junit.internal.resolver.InJvmResolution;
import io.github.netnsjunit.junit.internal.resolver.TopologyDns;
import io.github.netnsjunit.junit.internal.resolver.TopologyNames;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.ns.Sysctls;
import io.github.netnsjunit.netlink.route.BridgeLink;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.LinkWatch;
import io.github.netnsjunit.netlink.route.MacvlanLink;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.RoutingRule;
import io.github.netnsjunit.netlink.route.VethLink;
import io.github.netnsjunit.netlink.route.VxlanLink;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Internal: builds a {@link TopologyModel} in the kernel, in as few netlink round trips as the dependencies allow.
 *
 * <ol>
 *   <li>namespaces, created on the calling thread (which returns to its own namespace), with defaults and
 *       sysctls written while inside each;</li>
 *   <li>a link watch per namespace (RTNLGRP_LINK notifications), opened before any link exists;</li>
 *   <li>per namespace, one datagram ({@link BuildBatches} says when the host and crosswise pairs need two): the
 *       links (veth pairs with the peer created directly in its namespace, bridges), each with an ifindex we
 *       choose: the two ends of a pair never share one, which keeps the kernel's carrier events for them urgent
 *       (a shared index makes linkwatch defer them by up to a second, and the first packets are dropped); then
 *       {@code lo} up, bridge ports, addresses, bridges up (before their ports, so that their carrier event is
 *       urgent too), veth ends up, routes;</li>
 *   <li>a wait until the veth ends and the bridges with ports were reported operational by a notification (sent
 *       after the kernel activated their transmit queue), so that the first packet of the test goes through;</li>
 *   <li>the nft tables.</li>
 * </ol>
 * If any step fails, what was built is torn down and the error is rethrown.
 */
public final class TopologyFactory {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int HOST_INDEX_BASE = 1 << 20;

    private final Duration readyTimeout;
    private final ConditionsConfig conditions;

    /**
     * A factory that waits up to {@code readyTimeout} for links to become operational; link conditions follow the
     * {@code -D} system properties (see {@link ConditionsConfig#fromSystemProperties()}).
     */
    public TopologyFactory(Duration readyTimeout) {
        this(readyTimeout, ConditionsConfig.fromSystemProperties());
    }

    /** A factory with explicit link-condition settings (e.g. read from the JUnit configuration parameters). */
    public TopologyFactory(Duration readyTimeout, ConditionsConfig conditions) {
        this.readyTimeout = readyTimeout;
        this.conditions = Objects.requireNonNull(conditions, "conditions");
    }

    /** A link end to configure: where it is, its name and chosen index. */
    private record End(String namespace, String name, int index, List<IpPrefix> addresses, String master) {
    }

    /** Builds the topology; on failure, tears down what was made and rethrows. */
    public LiveTopology build(TopologyModel model) {
        CommonPoolSetup.install(); // once per JVM; normally done already by CommonPoolListener
        // link conditions are planned before anything exists: a test no engine can serve fails (or is skipped) here
        ConditionsPlan plan = model.conditions().isEmpty() ? null
                : ConditionsPlan.of(model, conditions, NetemSupport::available);
        LiveTopology live = new LiveTopology(model, conditions);
        try {
            construct(plan == null ? model : plan.buildModel(model), live);
            registerNames(model, live);
            if (plan != null) {
                live.liveConditions().start(plan);
            }
            return live;
        } catch (RuntimeException | Error e) {
            try {
                live.close();
            } catch (RuntimeException teardown) {
                e.addSuppressed(teardown);
            }
            throw e;
        }
    }

    private void construct(TopologyModel declared, LiveTopology live) {
        TopologyModel model = declared;
        Map<String, Set<Integer>> forwarding = NatSetup.forwardingNamespaces(declared);
        List<Link> hostLinks = List.of();
        if (declared.touchesHost()) {
            NamespaceHandle host = NamespaceHandle.host(Namespaces.HOST);
            live.addNamespace(host);
            if (forwarding.containsKey(Namespaces.HOST)) {
                refuseBlockedForwarding(host, declared);
            }
            // one dump serves both: names and ifindexes in use on the host
            hostLinks = RouteClient.of(host).links();
            HostLinkNames.Renamed renamed = HostLinkNames.rename(declared, ProcessHandle.current().pid(),
                    hostLinks.stream().map(Link::name).toList());
            model = renamed.model();
            live.linkNames().hostAliases(renamed.aliases());
        }
        Map<String, NamespaceSpec> specs = new LinkedHashMap<>();
        model.namespaces().forEach(n -> specs.put(n.name(), n));
        Map<String, Map<String, String>> lateSysctls = new HashMap<>();
        // namespaces with NAT get their netfilter socket while the creating thread is inside anyway
        for (NamespaceHandle ns : NamespaceHandle.createAll(List.copyOf(specs.keySet()), forwarding.keySet(),
                name -> initialize(specs.get(name), forwarding.getOrDefault(name, Set.of()), lateSysctls))) {
            live.addNamespace(ns);
        }
        for (int family : forwarding.getOrDefault(Namespaces.HOST, Set.of())) {
            enableHostForwarding(live, NatSetup.forwardingKey(family));
        }

        Map<String, RouteClient> clients = new LinkedHashMap<>();
        for (NamespaceHandle ns : live.handles()) {
            clients.put(ns.name(), RouteClient.of(ns));
        }
        Indexes indexes = new Indexes(hostLinks);

        List<End> ends = new ArrayList<>();
        BuildBatches batches = new BuildBatches(model, clients);
        for (BridgeSpec b : model.bridges()) {
            int index = indexes.next(b.namespace());
            batches.creation(b.namespace()).addLink(b.name(), index, BridgeLink.KIND, 0, null);
            if (b.mtu() > 0) {
                // set after creation, not as IFLA_MTU of the creation: only a change (ndo_change_mtu) marks the MTU
                // as the user's (BROPT_MTU_SET_BY_USER); one given at creation is reset to the smallest port MTU
                // when a port joins (br_mtu_auto_adjust; seen with ip link add br0 mtu 1400 type bridge + a port)
                batches.creation(b.namespace()).setMtu(index, b.name(), b.mtu());
            }
            indexes.remember(b.namespace(), b.name(), index);
            hostUndo(live, clients, b.namespace(), b.name(), index);
        }
        for (VethSpec v : model.veths()) {
            int index = indexes.next(v.namespace());
            int peerIndex = indexes.next(v.peerNamespace());
            NamespaceHandle peerNs = live.handle(v.peerNamespace());
            boolean samePlace = v.namespace().equals(v.peerNamespace());
            VethLink kind = new VethLink(v.peer(), samePlace ? -1 : peerNs.fd(), samePlace ? null : v.peerNamespace(),
                    peerIndex, v.peerEndMtu(), v.peerMac());
            batches.creation(v.namespace()).addLink(v.name(), index, kind, v.mtu(), v.mac());
            indexes.remember(v.namespace(), v.name(), index);
            indexes.remember(v.peerNamespace(), v.peer(), peerIndex);
            ends.add(new End(v.namespace(), v.name(), index, v.addresses(), v.master()));
            ends.add(new End(v.peerNamespace(), v.peer(), peerIndex, v.peerAddresses(), v.peerMaster()));
            // deleting either end deletes the pair; the host end must go explicitly (its namespace survives us)
            hostUndo(live, clients, v.namespace(), v.name(), index);
            hostUndo(live, clients, v.peerNamespace(), v.peer(), peerIndex);
        }
        createStackedLinks(model, live, indexes, ends, batches);
        configure(model, live, clients, indexes, ends, batches);
        addRules(model, batches);

        // Watch link notifications from before the links exist: readiness is the notification the kernel sends
        // once a link's transmit queue is active, which a link-table poll cannot see (see LinkWatch). Watching
        // from before their creation, no dump of the links already there is needed.
        Map<String, List<String>> awaited = awaitedLinks(model, ends);
        Map<String, LinkWatch> watches = new LinkedHashMap<>();
        try {
            for (String ns : awaited.keySet()) {
                watches.put(ns, clients.get(ns).watchNewLinks());
            }
            batches.sendAll();
            writeLateSysctls(live, MacvlanArp.sysctls(model), lateSysctls);
            for (Map.Entry<String, List<String>> e : awaited.entrySet()) {
                watches.get(e.getKey()).awaitOperational(e.getValue(), readyTimeout);
            }
        } finally {
            watches.values().forEach(LinkWatch::close);
        }
        NatSetup.apply(model, live.namespaceHandles(), live.undo());
    }

    /**
     * Macvlans and VXLAN links, after the links they stack on ({@link BuildBatches#stackedCreation}). A macvlan is
     * created by its parent's namespace straight into its own (IFLA_NET_NS_FD), with an ifindex of its own namespace.
     * Never in the host (the model refuses it), so no undo step: they vanish with their namespace.
     */
    private static void createStackedLinks(TopologyModel model, LiveTopology live, Indexes indexes, List<End> ends,
            BuildBatches batches) {
        for (MacvlanSpec m : model.macvlans()) {
            int index = indexes.next(m.namespace());
            boolean samePlace = m.namespace().equals(m.parentNamespace());
            MacvlanLink kind = new MacvlanLink(indexes.of(m.parentNamespace(), m.parent()), m.parent(), m.mode(),
                    samePlace ? -1 : live.handle(m.namespace()).fd(), samePlace ? null : m.namespace());
            batches.stackedCreation(m.parentNamespace()).addLink(m.name(), index, kind, m.mtu(), null);
            indexes.remember(m.namespace(), m.name(), index);
            ends.add(new End(m.namespace(), m.name(), index, m.addresses(), ""));
        }
        for (VxlanSpec x : model.vxlans()) {
            int index = indexes.next(x.namespace());
            boolean device = !x.device().isEmpty();
            VxlanLink kind = new VxlanLink(x.vni(), x.local(), x.remote(),
                    device ? indexes.of(x.namespace(), x.device()) : 0, device ? x.device() : null, x.port(),
                    x.learning());
            batches.stackedCreation(x.namespace()).addLink(x.name(), index, kind, x.mtu(), null);
            indexes.remember(x.namespace(), x.name(), index);
            ends.add(new End(x.namespace(), x.name(), index, x.addresses(), x.master()));
        }
    }

    /**
     * Host names: registered last, so that they exist exactly while the built topology does (their undo step runs
     * before those of the build). The calling thread, the one that built the topology, is tied to them (see
     * {@code resolver.LiveNames}).
     */
    private static void registerNames(TopologyModel model, LiveTopology live) {
        HostTable table = HostTable.of(model); // registered even when empty: see TopologyNames.register
        Set<String> inodes = new LinkedHashSet<>();
        for (NamespaceHandle ns : live.handles()) {
            String inode = ns.isOwned() ? LeftoverThreads.inode(ns.path()) : null;
            if (inode != null) {
                inodes.add(inode);
            }
        }
        String owner = "topology of " + model.namespaces().stream().filter(n -> !n.hostnames().isEmpty())
                .map(n -> n.origin().toString()).findFirst()
                .or(() -> model.hostEntries().stream().map(h -> h.origin().toString()).findFirst())
                .or(() -> model.namespaces().stream().map(n -> n.origin().toString()).findFirst())
                .orElse("no namespaces")
                + ", built on thread '" + Thread.currentThread().getName() + "'";
        TopologyNames names = live.names();
        names.register(table, owner, inodes);
        live.undo().push(table.isEmpty() ? "end the topology's host-name registration (it declares no names)"
                : "remove the host names " + String.join(", ", table.names().keySet()), names::close);
        if (table.isEmpty()) {
            return;
        }
        // the DNS server answering the names in each namespace of ours (not the relay's hidden ones), and in "host"
        // when the topology names it and it is private to this JVM (HostBaseline.applies): there the client code on
        // JUnit's thread resolves with Netty's DnsNameResolver or glibc, which ask the resolv.conf name servers. Only
        // when named: the topology then holds the host's turn (HostGuard), so no other topology's server wants port
        // 53 there, and the baseline check after teardown sees the addresses gone. Never in the machine's namespace.
        boolean privateHost = HostBaseline.applies();
        List<TopologyDns.Place> places = new ArrayList<>();
        for (NamespaceHandle ns : live.handles()) {
            if (ns.isOwned() ? !ns.name().startsWith(ConditionsPlan.HIDDEN_PREFIX)
                    : privateHost && ns.name().equals(Namespaces.HOST)) {
                places.add(new TopologyDns.Place(ns.name(), ns));
            }
        }
        names.startDns(places);
        // Java 17: normally done when the launcher session opened; here for topologies built outside JUnit
        InJvmResolution.prepareJdkCache();
        if (places.stream().noneMatch(p -> p.name().equals(Namespaces.HOST))) {
            // with the server in a private "host", JUnit's thread and the JVM's threads resolve the names there too
            InJvmResolution.warnOnce(String.join(", ", table.names().keySet()));
        }
    }

    /**
     * Queues, per namespace: {@code lo} up, bridge ports, addresses, bridges up, veth ends up, routes. Routes need no
     * carrier: the kernel accepts a gateway reachable through a link that is up but without carrier yet (the route is
     * marked linkdown until the carrier comes, which happens before the link is reported operational).
     */
    private static void configure(TopologyModel model, LiveTopology live, Map<String, RouteClient> clients,
            Indexes indexes, List<End> ends, BuildBatches batches) {
        for (NamespaceSpec n : model.namespaces()) {
            if (n.loopback()) {
                batches.configuration(n.name()).linkUp(1, "lo");
            }
        }
        for (End e : ends) {
            RouteChanges c = batches.configuration(e.namespace());
            if (!e.master().isEmpty()) {
                c.setMaster(e.index(), e.name(), indexes.of(e.namespace(), e.master()), e.master());
            }
            e.addresses().forEach(a -> c.addAddress(e.index(), e.name(), a));
        }
        for (BridgeSpec b : model.bridges()) {
            int index = indexes.of(b.namespace(), b.name());
            b.addresses().forEach(a -> batches.configuration(b.namespace()).addAddress(index, b.name(), a));
        }
        // Bridges go up before their ports: without carrier yet, so the carrier event that follows when a port
        // starts forwarding is urgent for the kernel's linkwatch (queue not yet activated) and is handled at once.
        // Brought up after the ports, a bridge activates its queue on open but its operstate event is not urgent
        // and linkwatch may defer it by up to a second.
        for (BridgeSpec b : model.bridges()) {
            batches.configuration(b.namespace()).linkUp(indexes.of(b.namespace(), b.name()), b.name());
        }
        for (End e : ends) {
            batches.configuration(e.namespace()).linkUp(e.index(), e.name());
        }
        for (RouteSpec r : model.routes()) {
            int index = r.dev().isEmpty() ? 0 : indexes.lookup(r.namespace(), r.dev(), clients.get(r.namespace()));
            if (r.table() != 0) {
                batches.configuration(r.namespace()).addRoute(r.to(), r.via(), index, r.dev(), r.table());
                continue; // never in the host (RouteChecks): gone with the namespace
            }
            batches.configuration(r.namespace()).addRoute(r.to(), r.via(), index, r.dev());
            if (Namespaces.HOST.equals(r.namespace())) {
                live.undo().push("remove route " + r.to() + " from the host", () -> {
                    // routes through our links vanish with them; this is for routes via host links
                    try {
                        clients.get(Namespaces.HOST).changes().deleteRoute(r.to(), r.via(), index, r.dev()).execute();
                    } catch (NetlinkException gone) {
                        if (gone.errno() != Errno.ESRCH) {
                            throw gone;
                        }
                    }
                });
            }
        }
    }

    /**
     * Policy rules, after the routes of their tables. Without a source or destination a rule is made for IPv4 and
     * IPv6 both (as one would expect of "fwmark 1 table 100"; {@code ip rule} alone makes only IPv4's). Never in the
     * host (PolicyRuleChecks): gone with the namespace.
     */
    private static void addRules(TopologyModel model, BuildBatches batches) {
        for (PolicyRuleSpec r : model.rules()) {
            IpPrefix prefix = r.from() != null ? r.from() : r.to();
            List<Integer> families = prefix != null ? List.of(prefix.family()) : List.of(AF_INET, AF_INET6);
            for (int family : families) {
                batches.configuration(r.namespace()).addRule(new RoutingRule(family, r.from(), r.to(), r.fwmark(),
                        r.fwmask(), r.iif().isEmpty() ? null : r.iif(), r.oif().isEmpty() ? null : r.oif(),
                        r.priority() == 0 ? null : r.priority(), r.table()));
            }
        }
    }

    /**
     * Per namespace, the links that must be operational before the test starts: veth ends, and bridges with ports
     * (a bridge without ports never gets carrier).
     */
    private static Map<String, List<String>> awaitedLinks(TopologyModel model, List<End> ends) {
        Map<String, List<String>> awaited = new LinkedHashMap<>();
        for (End e : ends) {
            awaited.computeIfAbsent(e.namespace(), k -> new ArrayList<>()).add(e.name());
        }
        for (BridgeSpec b : model.bridges()) {
            for (End e : ends) {
                if (e.namespace().equals(b.namespace()) && e.master().equals(b.name())) {
                    awaited.computeIfAbsent(b.namespace(), k -> new ArrayList<>()).add(b.name());
                    break;
                }
            }
        }
        return awaited;
    }

    static void refuseBlockedForwarding(NamespaceHandle host, TopologyModel model) {
        List<String> drops = NatSetup.hostForwardDrops(host);
        if (drops.isEmpty()) {
            return;
        }
        String sources = model.masquerades().stream().filter(m -> Namespaces.HOST.equals(m.namespace()))
                .map(m -> m.source().network().toString()).findFirst().orElse("<your test subnet>");
        throw new IllegalStateException("The host namespace drops forwarded packets: " + String.join("; ", drops)
                + ". Docker sets such a policy; traffic this test routes through \"host\" would be dropped and its pings"
                + " would time out. Either route through a test namespace instead of \"host\" (declare"
                + " @NetNamespace(\"gw\") and put the @Masquerade/@PortForward there), or let this traffic through once with"
                + " the rule Docker reserves for users: iptables -I DOCKER-USER -s " + sources + " -j ACCEPT and"
                + " iptables -I DOCKER-USER -d " + sources + " -j ACCEPT. netns-junit never changes rules it did not create.");
    }

    private static void enableHostForwarding(LiveTopology live, String key) {
        NamespaceHandle host = live.handle(Namespaces.HOST);
        String old = host.sysctl(key);
        if ("1".equals(old)) {
            return;
        }
        Path marker = HostLease.recordSysctl(key, old);
        live.undo().push("restore host sysctl " + key + "=" + old, () -> {
            host.sysctl(key, old);
            Files.deleteIfExists(marker);
        });
        host.sysctl(key, "1");
    }

    private static void initialize(NamespaceSpec spec, Set<Integer> forwardedFamilies,
            Map<String, Map<String, String>> late) {
        // Fresh namespaces copy IPv4 settings from the initial one: set what the tests rely on.
        Sysctls.write("net.ipv4.ip_forward", forwardedFamilies.contains(2) ? "1" : "0");
        if (forwardedFamilies.contains(10)) {
            Sysctls.write("net.ipv6.conf.all.forwarding", "1");
        }
        try {
            Sysctls.write("net.ipv4.ping_group_range", "0 2147483647");
        } catch (RuntimeException e) {
            // in a user namespace only mapped groups are accepted: allow root's group
            Sysctls.write("net.ipv4.ping_group_range", "0 0");
        }
        // No duplicate address detection: link-local and declared IPv6 addresses are usable at once.
        Sysctls.write("net.ipv6.conf.all.accept_dad", "0");
        Sysctls.write("net.ipv6.conf.default.accept_dad", "0");
        for (Map.Entry<String, String> s : spec.sysctls().entrySet()) {
            if (Files.exists(Sysctls.path(s.getKey()))) {
                Sysctls.write(s.getKey(), s.getValue());
            } else {
                // per-interface keys exist only once the interface does
                synchronized (late) {
                    late.computeIfAbsent(spec.name(), k -> new LinkedHashMap<>()).put(s.getKey(), s.getValue());
                }
            }
        }
    }

    /** Ours ({@code own}) first, so that a declared sysctl on the same key wins. */
    private static void writeLateSysctls(LiveTopology live, Map<String, Map<String, String>> own,
            Map<String, Map<String, String>> declared) {
        Map<String, Map<String, String>> late = new LinkedHashMap<>();
        own.forEach((ns, keys) -> late.computeIfAbsent(ns, n -> new LinkedHashMap<>()).putAll(keys));
        declared.forEach((ns, keys) -> late.computeIfAbsent(ns, n -> new LinkedHashMap<>()).putAll(keys));
        for (Map.Entry<String, Map<String, String>> e : late.entrySet()) {
            NamespaceHandle ns = live.handle(e.getKey());
            ns.callUnchecked(() -> {
                e.getValue().forEach(Sysctls::write);
                return null;
            });
        }
    }

    private static void hostUndo(LiveTopology live, Map<String, RouteClient> clients, String namespace, String name,
            int index) {
        if (Namespaces.HOST.equals(namespace)) {
            live.undo().push("delete link " + name + " from the host", () -> {
                // returns once the link is out of the host, not after the kernel's unregistration (HostLinkRemoval)
                HostLinkRemoval.delete(live.handle(Namespaces.HOST), clients.get(Namespaces.HOST), index, name);
            });
        }
    }

    /**
     * Chooses ifindexes: one counter for every fresh namespace (only {@code lo} = 1 exists there), and for the host
     * a random index in a high range that is free now, so that no pair shares an index.
     */
    private static final class Indexes {
        private final Map<String, Integer> known = new HashMap<>();
        private final Set<Integer> hostUsed = new HashSet<>();
        private int next = 2;

        Indexes(List<Link> hostLinks) {
            hostLinks.forEach(l -> hostUsed.add(l.index()));
        }

        int next(String namespace) {
            if (!Namespaces.HOST.equals(namespace)) {
                return next++;
            }
            while (true) {
                int candidate = HOST_INDEX_BASE + ThreadLocalRandom.current().nextInt(HOST_INDEX_BASE);
                if (hostUsed.add(candidate)) {
                    return candidate;
                }
            }
        }

        void remember(String namespace, String name, int index) {
            known.put(namespace + "/" + name, index);
        }

        int of(String namespace, String name) {
            Integer index = known.get(namespace + "/" + name);
            if (index == null) {
                throw new IllegalStateException("no link " + name + " was created in " + namespace);
            }
            return index;
        }

        int lookup(String namespace, String name, RouteClient client) {
            Integer index = known.get(namespace + "/" + name);
            return index != null ? index : client.requireLink(name).index();
        }
    }
}
