package io.github.netnsjunit.junit.internal;

import java.util.Optional;
import java.util.Map;
import java.util.HashMap;
import io.github.netnsjunit.junit.AppliedConnectionFault;
import io.github.netnsjunit.junit.Block;
import io.github.netnsjunit.junit.ConnectionFault;
import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.Hits;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.internal.connection.ConnectionFaultSpec;
import io.github.netnsjunit.junit.internal.connection.ConnectionFaultTables;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.nft.ConnectionRules.PeerCopy;
import io.github.netnsjunit.netlink.nft.FilterRules;
import io.github.netnsjunit.netlink.nft.FragmentationNeededRules;
import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.NftBatch;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.nft.TableCounters;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Internal: the partitions and blocks of one topology, each an nft table of ours ({@code ip} and/or
 * {@code ip6}) per namespace involved, removed by its handle or at teardown. Partitions cut by address: in each
 * namespace of the cut-off group, packets to and from every address the topology declares in the other namespaces
 * are dropped on arrival, and in each other namespace packets from the group's addresses; in every namespace packets
 * forwarded from or to the other side's addresses are dropped too, so routed and masqueraded paths are cut where
 * they are forwarded, before source NAT hides the sender. ARP (not IP) is left alone. Blocks drop on output (TCP retransmits its SYN, so connects time out; a UDP
 * send fails with EPERM, as with {@code iptables -A OUTPUT -j DROP}).
 */
final class LiveFaults implements AutoCloseable {
    private final NamespaceHandles handles;
    private final TopologyModel model;
    private final UndoSteps undo;
    private final List<Fault> active = new ArrayList<>();
    /** Every fault opened, healed or not, in order (for {@link #openedSince}). */
    private final List<Fault> all = new ArrayList<>();
    /** The reject rules among the faults: what they refuse. */
    private final Map<Fault, Object[]> rejects = new HashMap<>(); // {namespace, address, port}
    private int counter;
    private boolean undoPushed;

    /**
     * @param handles the namespaces faults go into
     * @param model   the declared topology (its namespaces and addresses)
     * @param undo    where the removal of faults still in force at teardown is registered, with the first fault
     */
    LiveFaults(NamespaceHandles handles, TopologyModel model, UndoSteps undo) {
        this.handles = handles;
        this.model = model;
        this.undo = undo;
    }

    /**
     * One table per namespace, deleted on close. An inner class on purpose: a fault is the handle the test holds, and
     * healing it must leave the faults in force ({@code active}) under their owner's lock, so it needs its owner.
     */
    private final class Fault implements Partition, Block, AppliedConnectionFault {
        private final String description;
        private final List<String[]> tables; // {namespace, table}
        private final Set<String> involved;
        private final int number = counter; // the fault's table number, in the order faults were opened
        private boolean activeNow = true;
        /** What it hit until it was healed (read just before its tables went). */
        private Hits healedHits = Hits.NONE;

        /** The part a relay makes (a timed connection fault), or null. */
        private final AppliedConnectionFault relayed;

        Fault(String description, List<String[]> tables, Set<String> involved) {
            this(description, tables, involved, null);
        }

        Fault(String description, List<String[]> tables, Set<String> involved, AppliedConnectionFault relayed) {
            this.description = description;
            this.tables = tables;
            this.involved = Set.copyOf(involved);
            this.relayed = relayed;
        }

        @Override
        public void heal() {
            close();
        }

        @Override
        public boolean isActive() {
            synchronized (LiveFaults.this) {
                return activeNow;
            }
        }

        @Override
        public void close() {
            synchronized (LiveFaults.this) {
                if (!activeNow) {
                    return;
                }
                try {
                    healedHits = count();
                } catch (RuntimeException e) {
                    // a namespace already gone (teardown after a failure): nothing left to read
                }
                activeNow = false;
                active.remove(this);
                if (relayed != null) {
                    relayed.close();
                }
                RuntimeException failure = null;
                for (String[] t : tables) {
                    try {
                        Nftables nft = new Nftables(handles.get(t[0]));
                        nft.deleteTable(Nft.NFPROTO_IPV4, t[1]);
                        nft.deleteTable(Nft.NFPROTO_IPV6, t[1]);
                    } catch (RuntimeException e) {
                        if (!handles.get(t[0]).isClosed()) {
                            failure = e;
                        }
                    }
                }
                if (failure != null) {
                    throw failure;
                }
            }
        }

        @Override
        public Hits hits() {
            synchronized (LiveFaults.this) {
                return activeNow ? count() : healedHits;
            }
        }

        /** The counters of the fault's rules in every namespace, summed (both families: a table per family). */
        private Hits count() {
            TableCounters sum = TableCounters.NONE;
            for (String[] t : tables) {
                Nftables nft = new Nftables(handles.get(t[0]));
                sum = sum.plus(TableCounters.read(nft, Nft.NFPROTO_IPV4, t[1]))
                        .plus(TableCounters.read(nft, Nft.NFPROTO_IPV6, t[1]));
            }
            Hits rules = new Hits(sum.packets(), sum.bytes(), sum.resetPackets());
            return relayed == null ? rules : rules.plus(relayed.hits());
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** A connection fault (see {@link ConnectionFaultTables}): a table of ours in each namespace it involves. */
    synchronized AppliedConnectionFault connectionFault(ConnectionFaultSpec spec) {
        try {
            return connectionFault(spec, PeerCopy.AS_RESET);
        } catch (NetlinkException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            // the kernel refuses to rewrite the peer's copy into a reset in a namespace of an unprivileged user
            // namespace (the sealed rootless mode); nothing of the refused batch is in force. Without the copy the
            // peer learns at its next segment: said in the fault's description
            return connectionFault(spec, PeerCopy.NONE);
        }
    }

    private AppliedConnectionFault connectionFault(ConnectionFaultSpec spec, PeerCopy copy) {
        String table = "netns_junit_conn" + (++counter);
        Map<String, NftBatch> plan = ConnectionFaultTables.plan(spec, model, table, System.currentTimeMillis(),
                copy);
        List<String[]> tables = new ArrayList<>();
        Fault f = new Fault(copy == PeerCopy.NONE ? spec.describe() + "; the peer is reset only at its next segment (this"
                + " kernel refuses to rewrite a copy of the refused segment into the peer's reset in an unprivileged user"
                + " namespace: EPERM)" : spec.describe(), tables, plan.keySet());
        try {
            plan.forEach((namespace, batch) -> apply(namespace, batch, tables, table));
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        track(f);
        if (spec.kind() == ConnectionFault.Kind.RESET) {
            // it refuses connects as a reject rule does: a failed connect names it, not "nothing listens"
            rejects.put(f, new Object[] {spec.namespace(), spec.peer(), spec.port()});
        }
        return f;
    }

    /**
     * A connection fault made by the relay ({@code relayPart}, already holding frames), with its nftables part when it
     * has one (a slice's clamp): tracked as the others, so it is named while in force, counted, and healed with them.
     */
    synchronized AppliedConnectionFault relayedConnectionFault(ConnectionFaultSpec spec,
            AppliedConnectionFault relayPart) {
        String table = "netns_junit_conn" + (++counter);
        Map<String, NftBatch> plan = spec.kind() == ConnectionFault.Kind.SLICE
                ? ConnectionFaultTables.plan(spec, model, table, System.currentTimeMillis()) : Map.of();
        List<String[]> tables = new ArrayList<>();
        Fault f = new Fault(spec.describe(), tables, Set.of(spec.namespace()), relayPart);
        try {
            plan.forEach((namespace, batch) -> apply(namespace, batch, tables, table));
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        track(f);
        return f;
    }

    synchronized Partition partition(String... names) {
        String call = "partition(" + Arrays.stream(names).map(n -> n == null ? "null" : Origin.quote(n))
                .collect(Collectors.joining(", ")) + ")";
        List<String> declared = new ArrayList<>(model.namespaceNames());
        if (names.length == 0) {
            throw new IllegalArgumentException(call + " names no namespace. Name the namespaces to cut off from the "
                    + "others, e.g. partition(" + Origin.quote(declared.isEmpty() ? "ns1" : declared.get(0)) + ").");
        }
        Set<String> group = new LinkedHashSet<>();
        for (String n : names) {
            if (n == null) {
                throw new IllegalArgumentException(call + ": a namespace name is null. Name the namespaces to cut off,"
                        + " e.g. partition(" + Origin.quote(declared.isEmpty() ? "ns1" : declared.get(0)) + ").");
            }
            check(call, n, declared);
            if (!group.add(n)) {
                throw new IllegalArgumentException(call + " names " + Origin.quote(n) + " twice. Name each namespace to"
                        + " cut off once, e.g. partition(" + Origin.quote(n) + ").");
            }
        }
        if (group.containsAll(declared)) {
            throw new IllegalArgumentException(call + " names every namespace of the topology, so nothing is left on "
                    + "the other side. Name only the namespaces to cut off, e.g. partition(" + Origin.quote(names[0])
                    + ").");
        }
        List<String> rest = declared.stream().filter(n -> !group.contains(n)).toList();
        List<InetAddress> restAddresses = addressesOf(rest);
        List<InetAddress> groupAddresses = addressesOf(List.copyOf(group));
        String table = "netns_junit_part" + (++counter);
        List<String[]> tables = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>(group);
        all.addAll(rest);
        Fault f = new Fault("partition " + group + " | " + rest, tables, all);
        try {
            // Dropped where they arrive (input) and where they are forwarded (a router or NAT of the topology), never
            // where they leave: a drop on output makes the kernel answer the local sender with EPERM (UDP sends fail
            // at once), while a partition must look like silence.
            for (String g : group) {
                apply(g, FilterRules.partition(table, restAddresses), tables, table);
            }
            for (String r : rest) {
                apply(r, FilterRules.partition(table, groupAddresses), tables, table);
            }
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        track(f);
        return f;
    }

    /**
     * A partition of any shape: each namespace named as a key drops what it receives from the namespaces of its value
     * (Jepsen's grudge), and every test namespace drops what it would forward between them, in that direction.
     */
    synchronized Partition shape(String name, Map<String, ? extends Collection<String>> grudge) {
        String call = "partitionShape(" + (name == null ? "null" : Origin.quote(name)) + ", ...)";
        List<String> declared = new ArrayList<>(model.namespaceNames());
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(call + ": the shape has no name. Name it for failure messages and the "
                    + "timeline, e.g. partitionShape(\"halves\", grudge).");
        }
        Set<String> involved = new LinkedHashSet<>();
        boolean cutsSomething = false;
        for (Map.Entry<String, ? extends Collection<String>> e : grudge.entrySet()) {
            check(call, e.getKey(), declared);
            involved.add(e.getKey());
            for (String from : e.getValue()) {
                check(call, from, declared);
                if (from.equals(e.getKey())) {
                    throw new IllegalArgumentException(call + ": " + Origin.quote(from) + " is told not to hear "
                            + "itself, which no partition can do. Name only other namespaces in its set.");
                }
                involved.add(from);
                cutsSomething = true;
            }
        }
        if (!cutsSomething) {
            throw new IllegalArgumentException(call + " cuts nothing: every namespace still hears every other. Name, "
                    + "for a namespace, the namespaces it must no longer hear, e.g. {\"n1\": [\"n2\"]}.");
        }
        List<InetAddress[]> forwardCuts = new ArrayList<>();
        for (Map.Entry<String, ? extends Collection<String>> e : grudge.entrySet()) {
            List<InetAddress> victim = addressesOf(List.of(e.getKey()));
            for (InetAddress from : addressesOf(List.copyOf(e.getValue()))) {
                for (InetAddress to : victim) {
                    forwardCuts.add(new InetAddress[] {from, to});
                }
            }
        }
        String table = "netns_junit_part" + (++counter);
        List<String[]> tables = new ArrayList<>();
        Fault f = new Fault(name, tables, involved);
        try {
            for (String ns : declared) {
                if (Namespaces.HOST.equals(ns)) {
                    continue; // never the machine's own namespace
                }
                Collection<String> unheard = grudge.get(ns);
                apply(ns, FilterRules.grudge(table, unheard == null ? List.of() : addressesOf(List.copyOf(unheard)),
                        forwardCuts), tables, table);
            }
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        track(f);
        return f;
    }

    synchronized Partition oneWay(String from, String to) {
        String call = "partitionOneWay(" + quoteOrNull(from) + ", " + quoteOrNull(to) + ")";
        List<String> declared = new ArrayList<>(model.namespaceNames());
        if (from == null || to == null) {
            throw new IllegalArgumentException(call + ": a namespace name is null. Name the namespace whose packets "
                    + "are dropped and the one they no longer reach, e.g. partitionOneWay(" + Origin.quote(
                    declared.isEmpty() ? "ns1" : declared.get(0)) + ", " + Origin.quote(
                    declared.size() < 2 ? "ns2" : declared.get(1)) + ").");
        }
        check(call, from, declared);
        check(call, to, declared);
        if (from.equals(to)) {
            throw new IllegalArgumentException(call + " names the same namespace twice. Name the namespace whose packets "
                    + "are dropped and the one they no longer reach, e.g. partitionOneWay(\"ns1\", \"ns2\").");
        }
        String table = "netns_junit_part" + (++counter);
        List<String[]> tables = new ArrayList<>();
        Fault f = new Fault("one-way partition " + from + " -> " + to, tables, Set.of(from, to));
        try {
            // dropped on arrival in "to" (see partition): "from" sees silence, not EPERM
            apply(to, FilterRules.dropAddresses(table, List.of(), addressesOf(List.of(from))), tables, table);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        track(f);
        return f;
    }

    synchronized Block block(String namespace, String address, int port, boolean reject) {
        String call = (reject ? "reject(" : "block(") + Origin.quote(address) + ", " + port + ")";
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(call + " in netns " + namespace + ": port " + port + " is outside "
                    + "0..65535. Use the port to " + (reject ? "refuse" : "block") + ", or 0 for every port.");
        }
        InetAddress target;
        try {
            target = IpAddresses.parse(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(call + " in netns " + namespace + ": " + Origin.quote(address)
                    + " is not an IP address (" + e.getMessage() + "). Write a literal address such as \"10.0.0.2\" "
                    + "or \"fd00::2\".", e);
        }
        if (target.isAnyLocalAddress()) {
            throw new IllegalArgumentException(call + " in netns " + namespace + ": " + IpAddresses.format(target)
                    + " is the unspecified address, which no packet is sent to, so this would "
                    + (reject ? "refuse" : "block") + " nothing. Name the address of the peer to "
                    + (reject ? "refuse" : "block") + ", e.g. " + (target.getAddress().length == 4 ? "\"10.0.0.2\""
                    : "\"fd00::2\"") + ".");
        }
        String table = "netns_junit_block" + (++counter)
                + (Namespaces.HOST.equals(namespace) ? "_" + Long.toString(ProcessHandle.current().pid(), 36) : "");
        List<String[]> tables = new ArrayList<>();
        Fault f = new Fault(namespace + ": " + (reject ? "reject" : "drop") + " to " + IpAddresses.format(target)
                + (port == 0 ? " (every port)" : " port " + port), tables, Set.of(namespace));
        try {
            apply(namespace, FilterRules.block(table, target, port, reject), tables, table);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        track(f);
        if (reject) {
            rejects.put(f, new Object[] {namespace, target, port});
        }
        return f;
    }

    synchronized Block dropFragmentationNeeded(String namespace) {
        String table = FragmentationNeededRules.TABLE_PREFIX + (++counter)
                + (Namespaces.HOST.equals(namespace) ? "_" + Long.toString(ProcessHandle.current().pid(), 36) : "");
        List<String[]> tables = new ArrayList<>();
        Fault f = new Fault(namespace + ": drop ICMP fragmentation needed and ICMPv6 packet too big (tables ip and ip6 "
                + table + ")", tables,
                Set.of(namespace));
        try {
            apply(namespace, FragmentationNeededRules.drop(table), tables, table);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        track(f);
        return f;
    }

    private void apply(String namespace, NftBatch batch, List<String[]> tables, String table) {
        if (batch.isEmpty()) {
            return;
        }
        tables.add(new String[] {namespace, table});
        // in the host, the table belongs to our socket: the kernel deletes it if the JVM dies
        new Nftables(handles.get(namespace)).apply(Namespaces.HOST.equals(namespace) ? batch.owned() : batch);
    }

    private static void check(String call, String name, List<String> declared) {
        if (Namespaces.HOST.equals(name)) {
            throw new IllegalArgumentException(call + ": \"host\" is the machine's own namespace, which a partition "
                    + "never touches. Partition test namespaces: " + quoted(declared) + ".");
        }
        if (!declared.contains(name)) {
            throw new IllegalArgumentException(call + ": no namespace " + Origin.quote(name) + " in this topology; it "
                    + "has: " + quoted(declared) + ".");
        }
    }

    private static String quoted(List<String> names) {
        return names.stream().map(Origin::quote).collect(Collectors.joining(", "));
    }

    /** Every address declared on links of these namespaces. */
    private List<InetAddress> addressesOf(List<String> namespaces) {
        return model.addressesIn(Set.copyOf(namespaces));
    }

    /** Keeps a fault in force; the first one registers the removal of those left at teardown. */
    private void track(Fault f) {
        active.add(f);
        all.add(f);
        if (!undoPushed) {
            undoPushed = true;
            undo.push("remove partitions and blocks", this::close);
        }
    }

    /** The faults in force that concern a namespace, in words, for failure messages. */
    synchronized List<String> describe(String namespace) {
        return active.stream().filter(f -> f.involved.contains(namespace)).map(Fault::toString).toList();
    }

    /** Like {@link #describe}, each with what it hit so far: {@code partition [ns0] | [ns1] (hit 3 packets, ...)}. */
    synchronized List<String> describeWithHits(String namespace) {
        return active.stream().filter(f -> f.involved.contains(namespace))
                .map(f -> f + " (hit " + f.hits() + ")").toList();
    }

    /** The faults opened after the first {@code opened}, healed or not, in order. */
    synchronized List<CountedFault> openedSince(int opened) {
        return all.stream().filter(f -> f.number > opened).map(f -> (CountedFault) f).toList();
    }

    /** The reject rule in force in {@code namespace} that refuses TCP to {@code target:port}, in words. */
    synchronized Optional<String> rejecting(String namespace, InetAddress target, int port) {
        return rejects.entrySet().stream().filter(e -> active.contains(e.getKey()))
                .filter(e -> e.getValue()[0].equals(namespace) && e.getValue()[1].equals(target)
                        && ((Integer) e.getValue()[2] == 0 || (Integer) e.getValue()[2] == port))
                .map(e -> e.getKey().toString()).findFirst();
    }

    /** How many faults were opened so far: faults opened later have a higher number (see {@link #healOpenedAfter}). */
    synchronized int opened() {
        return counter;
    }

    /**
     * The faults opened after the first {@code opened} that are still in force, in words; healed too when
     * {@code heal}.
     */
    synchronized List<String> openedAfter(int opened, boolean heal) {
        List<String> found = new ArrayList<>();
        for (Fault f : new ArrayList<>(active)) {
            if (f.number > opened) {
                if (heal) {
                    f.close();
                }
                found.add(f.toString());
            }
        }
        return found;
    }

    /** Removes every fault still in force. */
    @Override
    public synchronized void close() {
        for (Fault f : new ArrayList<>(active)) {
            f.close();
        }
    }

    private static String quoteOrNull(String name) {
        return name == null ? "null" : Origin.quote(name);
    }
}
