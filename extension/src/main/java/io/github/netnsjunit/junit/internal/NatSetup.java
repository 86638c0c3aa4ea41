package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.MasqueradeSpec;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.PortForwardSpec;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.nft.ApplyResult;
import io.github.netnsjunit.netlink.nft.Chain;
import io.github.netnsjunit.netlink.nft.NatRules;
import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.NftBatch;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.nft.TransportProtocol;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Internal: the nftables part of a topology — {@code @Masquerade} and {@code @PortForward} — applied per namespace in
 * one atomic batch. In a test namespace the table dies with the namespace. In the host it gets a unique name and the
 * owner flag (the kernel deletes it when our socket closes, even if the JVM is killed), is deleted at teardown, and
 * forwarding is switched on with the old value restored afterwards.
 */
final class NatSetup {
    /** The table name used in test namespaces. */
    static final String TABLE = "netns_junit";

    private NatSetup() {
    }

    /** The namespaces that forward packets because of NAT declarations, with the families they need. */
    static Map<String, Set<Integer>> forwardingNamespaces(TopologyModel model) {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        for (MasqueradeSpec m : model.masquerades()) {
            out.computeIfAbsent(m.namespace(), k -> new LinkedHashSet<>()).add(m.source().family());
        }
        for (PortForwardSpec p : model.portForwards()) {
            out.computeIfAbsent(p.namespace(), k -> new LinkedHashSet<>()).add(AddressFamily.of(p.to().getAddress()));
        }
        return out;
    }

    /** The sysctl that turns on forwarding for a family. */
    static String forwardingKey(int family) {
        return family == AddressFamily.INET ? "net.ipv4.ip_forward" : "net.ipv6.conf.all.forwarding";
    }

    /** Applies the NAT declarations; host tables get an undo step in {@code undo}. */
    static void apply(TopologyModel model, NamespaceHandles handles, UndoSteps undo) {
        Map<String, NftBatch> batches = new LinkedHashMap<>();
        Map<String, String> tables = new LinkedHashMap<>();
        for (MasqueradeSpec m : model.masquerades()) {
            String table = tables.computeIfAbsent(m.namespace(), NatSetup::tableName);
            batches.computeIfAbsent(m.namespace(), k -> new NftBatch())
                    .addAll(NatRules.masquerade(table, m.source(), m.outInterface(), true));
        }
        for (PortForwardSpec p : model.portForwards()) {
            String table = tables.computeIfAbsent(p.namespace(), NatSetup::tableName);
            batches.computeIfAbsent(p.namespace(), k -> new NftBatch())
                    .addAll(NatRules.dnat(table, TransportProtocol.valueOf(p.protocol().toUpperCase(Locale.ROOT)),
                            p.port(), p.to(), p.inInterface()));
        }
        for (Map.Entry<String, NftBatch> e : batches.entrySet()) {
            NamespaceHandle ns = handles.get(e.getKey());
            Nftables nft = new Nftables(ns);
            boolean host = Namespaces.HOST.equals(e.getKey());
            NftBatch batch = host ? e.getValue().owned() : e.getValue();
            if (host) {
                String table = tables.get(e.getKey());
                List<Integer> families = batch.changes().stream()
                        .filter(c -> c instanceof NftBatch.AddTable).map(c -> ((NftBatch.AddTable) c).table().family())
                        .distinct().toList();
                undo.push("delete nft table " + table + " from the host", () -> families.forEach(f -> nft.deleteTable(f, table)));
            }
            ApplyResult result = nft.apply(batch);
            // the logger only when there is a note: System.getLogger initialises the JDK's logging backend
            // (java.util.logging reads its configuration), some milliseconds of the first build in a fresh JVM
            result.notes().forEach(note -> System.getLogger(NatSetup.class.getName())
                    .log(System.Logger.Level.WARNING, "netns-junit: " + note));
        }
    }

    private static String tableName(String namespace) {
        if (!Namespaces.HOST.equals(namespace)) {
            return TABLE;
        }
        return TABLE + "_" + Long.toString(ProcessHandle.current().pid(), 36) + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
    }

    /**
     * Base chains of the host that drop forwarded packets by policy (Docker sets {@code FORWARD DROP}), described
     * for the error message; empty if forwarding through the host can work.
     */
    static List<String> hostForwardDrops(NamespaceHandle host) {
        return new Nftables(host).chains().stream()
                .filter(c -> c.hook() == Nft.NF_INET_FORWARD && c.policy() == Nft.NF_DROP)
                .map(NatSetup::describe).toList();
    }

    private static String describe(Chain c) {
        return "chain " + c.name() + " of table " + Nft.familyName(c.family()) + " " + c.table()
                + " (hook forward, policy drop)";
    }
}
