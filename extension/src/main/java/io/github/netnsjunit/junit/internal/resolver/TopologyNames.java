package io.github.netnsjunit.junit.internal.resolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Internal: the host names of one topology while it lives: registered with the JVM's resolver provider
 * ({@link LiveNames}, which says how a lookup finds its topology; the registering thread is tied to it) and, for
 * processes, a hosts file written on first use ({@link EtcHosts}). {@link #close()} undoes both.
 */
public final class TopologyNames implements AutoCloseable {
    private HostTable table = HostTable.EMPTY;
    private LiveNames.Registration registration;
    private Path hostsFile;
    private boolean closed;

    /**
     * Makes the names of {@code table} resolvable, and ties the calling thread to them.
     *
     * @param owner  how messages name the topology
     * @param inodes the inodes ({@code net:[4026532...]}) of the namespaces the topology owns
     */
    public synchronized void register(HostTable table, String owner, Set<String> inodes) {
        if (table.isEmpty()) {
            return;
        }
        registration = LiveNames.register(table, owner, inodes);
        this.table = table;
    }

    /** The names; empty when the topology declares none. */
    public synchronized HostTable table() {
        return table;
    }

    /**
     * Ties the calling thread, and threads it starts, to these names until the returned scope closes (or the
     * names are removed). A no-op when there are none.
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
        synchronized (this) {
            closed = true;
            r = registration;
            file = hostsFile;
            hostsFile = null;
        }
        if (r != null) {
            r.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
