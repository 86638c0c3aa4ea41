package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.DnsFaultBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internal: the host names of one topology while it lives: registered with the JVM's resolver provider
 * ({@link LiveNames}, which says how a lookup finds its topology; the registering thread is tied to it) and, for
 * processes, a hosts file written on first use ({@link EtcHosts}), and the DNS server answering them inside the
 * topology ({@link TopologyDns}). {@link #close()} undoes all three.
 */
public final class TopologyNames implements AutoCloseable {
    private HostTable table = HostTable.EMPTY;
    private LiveNames.Registration registration;
    private Path hostsFile;
    private TopologyDns dns;
    private boolean closed;

    /**
     * Makes the names of {@code table} resolvable, and ties the calling thread to them (also for an empty table).
     *
     * @param owner  how messages name the topology
     * @param inodes the inodes ({@code net:[4026532...]}) of the namespaces the topology owns
     */
    public synchronized void register(HostTable table, String owner, Set<String> inodes) {
        // registered even without names: the topology's threads and namespaces are then its own, and never resolve
        // another live test's names (LiveNames answers a tied thread from its own, empty, table)
        registration = LiveNames.register(table, owner, inodes);
        this.table = table;
    }

    /**
     * Starts the topology's DNS server in {@code places} (see {@link TopologyDns}) and lets in-JVM lookups see its
     * faults; stopped by {@link #close()}. Call after {@link #register}.
     */
    public synchronized void startDns(List<TopologyDns.Place> places) {
        if (table.isEmpty() || places.isEmpty()) {
            return;
        }
        dns = TopologyDns.start(table, places);
        Map<String, String> byInode = new LinkedHashMap<>();
        for (TopologyDns.Place p : places) {
            try {
                byInode.put(Files.readSymbolicLink(Path.of(p.handle().path())).toString(), p.name());
            } catch (IOException e) {
                // a namespace we cannot name: its faults then hold for in-JVM lookups only topology-wide
            }
        }
        if (registration != null) {
            registration.attachDnsFaults(dns.rules(), byInode);
        }
    }

    /** A DNS fault builder for one namespace's server, or (null) every one; {@code call} names it in messages. */
    public synchronized DnsFaultBuilder dnsFaults(String namespace, String call) {
        return new DnsFaultBuilderImpl(table, dns == null || closed ? null : dns.rules(), namespace, call);
    }

    /** The names; empty when the topology declares none. */
    public synchronized HostTable table() {
        return table;
    }

    /**
     * Ties the calling thread, and threads it starts, to these names until the returned scope closes (or the
     * names are removed), also when there are none (the thread then resolves no other live test's names).
     */
    public synchronized AutoCloseable tieCurrentThread() {
        return registration == null || closed ? () -> { } : registration.tieCurrentThread();
    }

    /** The hosts file processes of the topology see as {@code /etc/hosts}, or null when it declares no names. */
    public synchronized Path hostsFile() {
        if (table.isEmpty() || closed) {
            return null;
        }
        if (hostsFile == null) {
            hostsFile = EtcHosts.write(table);
        }
        return hostsFile;
    }

    /** Removes the names from the resolver and deletes the hosts file. */
    @Override
    public void close() throws IOException {
        LiveNames.Registration r;
        Path file;
        TopologyDns server;
        synchronized (this) {
            closed = true;
            r = registration;
            file = hostsFile;
            hostsFile = null;
            server = dns;
            dns = null;
        }
        if (server != null) {
            server.close();
        }
        if (r != null) {
            r.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
