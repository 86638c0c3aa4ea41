package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.netlink.diag.InetDiagRequest;
import io.github.netnsjunit.netlink.diag.TcpSocketInfo;
import io.github.netnsjunit.netlink.diag.TcpSockets;
import io.github.netnsjunit.netlink.ns.JvmNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Internal: catches a test whose code ran in a topology namespace but whose client reached a server of the same
 * address and port in the JVM's own namespace — a loopback decoy, or whatever listens there — from a thread outside
 * the test's namespace (a client library's, a {@code Timer}'s, an executor's, a virtual thread's carrier). Such a
 * test passes against the wrong server, and no failure would say so.
 *
 * <p>The evidence, both read from the kernel: a TCP connection of this JVM in the JVM's namespace that was not there
 * when the test body started (sock_diag dumps of the JVM's namespace before and after, as {@code ss -tan} reads
 * them), whose remote address and port are those a socket listens on in one of the test's namespaces when the body
 * ends (a dump of listeners on each namespace's thread). The dump after the body is skipped when the JVM namespace's
 * TCP counters ({@link TcpCounters}: segments in and out, connections opened) did not move during it: then no
 * connection was made there and none carried data. A dump walks the kernel's whole connection hash, shared by every
 * namespace and sized by the machine's memory: 1.1 ms per address family on a 23 GB machine, and 3.4 ms per file
 * for {@code /proc/net/tcp}, which this read before (twice per test, both files: 14 ms of every test).
 *
 * <p>"Of this JVM": the socket's inode is one of {@code /proc/self/fd}; in a private JVM namespace, which only this JVM uses, connections already closed (inode 0,
 * TIME_WAIT) count too, and so does the accepting end of a server of the JVM's namespace on that port (a server
 * that closes first keeps only its own end, in TIME_WAIT). A connection to some other service (a database of the JVM's namespace, a build tool's own
 * socket) has another address or port than the test's servers, and one that existed before the body is left alone,
 * so only a new connection to a port the test serves counts — or one that existed before the body (a client's pool
 * keeps them: OkHttp five minutes) and carried data during it: its {@code tcp_info} byte counters
 * ({@code tcpi_bytes_acked}, {@code tcpi_bytes_received}, Linux 4.1+), read with a sock_diag dump of the JVM's
 * namespace before and after the body ({@link TcpSockets}, as {@code ss -tni} reads them), grew. Not seen: a server
 * the body starts and stops itself (it no longer listens when the body ends), UDP. Where
 * the topology links {@code host} (the JVM's namespace) to the test's namespaces, only loopback addresses count: a
 * connection from there to a test namespace's own address may well reach the test's server. In JUnit's parallel
 * mode, another test's connection made meanwhile in the JVM's namespace to the same address and port counts too.
 */
public final class WrongServerCheck {
    private static final String LISTEN = "0A";

    private final Set<String> before;
    /** The byte counters (acked + received) of the JVM namespace's connections before the body, by tuple. */
    private final Map<String, Long> carriedBefore;
    /** The JVM namespace's TCP counters before the body ({@link TcpCounters}), or null when unreadable. */
    private final String countersBefore;
    private final JvmTcpSnapshots snapshots;

    private WrongServerCheck(Set<String> before, Map<String, Long> carriedBefore, String countersBefore,
                             JvmTcpSnapshots snapshots) {
        this.before = before;
        this.carriedBefore = carriedBefore;
        this.countersBefore = countersBefore;
        this.snapshots = snapshots;
    }

    /**
     * Notes the JVM namespace's TCP sockets and counters; call it right before the test body. The sockets are those
     * of {@code snapshots}' last dump when the counters did not move since it, else a new dump.
     */
    public static WrongServerCheck start(JvmTcpSnapshots snapshots) {
        String counters = TcpCounters.ofJvmNamespace(); // before the dump: a change after it moves them
        List<TcpSocketInfo> sockets = snapshots.unchangedSince(counters).orElse(null);
        if (sockets == null) {
            sockets = jvmSockets();
            if (sockets != null) {
                snapshots.remember(counters, sockets);
            } else {
                sockets = List.of(); // unreadable: nothing is known, and nothing is kept for the next test
            }
        }
        Map<String, Long> carried = new HashMap<>();
        Set<String> tuples = new HashSet<>();
        for (TcpSocketInfo s : sockets) {
            Entry e = entry(s);
            tuples.add(e.tuple());
            if (!e.state().equals(LISTEN)) {
                carried.put(e.tuple(), carried(s));
            }
        }
        return new WrongServerCheck(tuples, carried, counters, snapshots);
    }

    /**
     * The explanation, if a new connection of this JVM in its own namespace went to an address and port that a server
     * of the test's namespaces (other than {@code host}) listens on.
     */
    public Optional<String> finish(String codeNamespace, List<NetNs> namespaces) {
        // no TCP segment and no connection opened in the JVM's namespace during the body: nothing new there, and no
        // old connection carried data (a dump walks the kernel's whole socket hash: milliseconds on a large machine)
        String counters = TcpCounters.ofJvmNamespace();
        if (countersBefore != null && countersBefore.equals(counters)) {
            return Optional.empty();
        }
        List<TcpSocketInfo> sockets = jvmSockets();
        if (sockets == null) {
            return Optional.empty(); // unreadable now: no evidence either way
        }
        snapshots.remember(counters, sockets);
        // a hop onto each namespace's thread only when the JVM's namespace has a new connection at all
        List<Entry> now = sockets.stream().map(WrongServerCheck::entry)
                .filter(c -> !c.state().equals(LISTEN) && !before.contains(c.tuple())).toList();
        // connections that existed before the body (a client's pool) and carried data during it
        List<Entry> reused = carriedBefore.isEmpty() ? List.of() : sockets.stream()
                .filter(s -> carried(s) > carriedBefore.getOrDefault(entry(s).tuple(), Long.MAX_VALUE))
                .map(WrongServerCheck::entry).toList();
        if (now.isEmpty() && reused.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> listeners = new ArrayList<>();
        for (NetNs ns : namespaces) {
            if (ns.name().equals("host")) {
                continue;
            }
            try {
                for (Entry e : ns.call(() -> ownListeners("netns " + ns.name()))) {
                    if (e.state().equals(LISTEN)) {
                        listeners.add(e.in(ns.name()));
                    }
                }
            } catch (Exception unreadable) {
                // a namespace we cannot look into has no listener we know of
            }
        }
        if (listeners.isEmpty()) {
            return Optional.empty();
        }
        // a connection from "host" to a test namespace's own address may well reach the test's server, through the
        // topology's links; a loopback address of the JVM's namespace never does
        boolean hostLinked = namespaces.stream().anyMatch(ns -> ns.name().equals("host"));
        Set<Long> ours = JvmNamespace.isPrivate() ? null : ownSocketInodes();
        Set<String> found = new LinkedHashSet<>();
        Set<String> foundReused = new LinkedHashSet<>();
        List<Entry> candidates = new ArrayList<>(now);
        candidates.addAll(reused);
        for (Entry c : candidates) {
            boolean wasThere = before.contains(c.tuple());
            if (c.state().equals(LISTEN) || (wasThere && !reused.contains(c)) || (hostLinked && !isLoopback(c.remote()))
                    || !(ours == null || ours.contains(c.inode()))) {
                continue;
            }
            for (Entry l : listeners) {
                // the client's end (to the port), or the end of a server of the JVM's namespace that accepted it
                // (closed first by that server, only this end is left, in TIME_WAIT): both name the same connection
                Entry client = l.localPort() == c.remotePort() ? c : l.localPort() == c.localPort() && isLoopback(c.remote())
                        ? new Entry(c.remote(), c.remotePort(), c.local(), c.localPort(), c.state(), c.inode(), null)
                        : null;
                if (client != null && (l.local().equals(client.remote()) || isAny(l.local()))) {
                    (wasThere ? foundReused : found).add(client.remote() + ":" + client.remotePort() + " (from "
                            + client.local() + ":" + client.localPort() + (wasThere ? ", a connection opened before the"
                            + " test and used during it" : "") + "), while the test's server listens on " + l.local()
                            + ":" + l.localPort() + " in netns " + l.namespace());
                }
            }
        }
        if (!found.isEmpty()) {
            found.addAll(foundReused);
            return Optional.of("this test's code ran in netns " + codeNamespace + ", but during the test this JVM"
                    + " connected to " + String.join("; and to ", found) + " — from the JVM's own namespace, so to"
                    + " another server than the test's: the connection was made on a thread outside netns "
                    + codeNamespace + " (a client library's, a Timer's, an executor's or a virtual thread's carrier,"
                    + " born where it was first used). The test passed against the wrong server. "
                    + LibraryThreads.RECOMMENDED_STYLE + " Or make the client inside the test, in its namespace, and"
                    + " close it before the test ends.");
        }
        if (foundReused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("this test's code ran in netns " + codeNamespace + ", but during the test this JVM sent"
                + " data to " + String.join("; and to ", foundReused) + " — in the JVM's own namespace, so to another"
                + " server than the test's: the connection was opened in the JVM's namespace before the test and kept"
                + " open (a client's connection pool: OkHttp keeps an idle connection 5 minutes), and the test's call"
                + " reused it instead of connecting in netns " + codeNamespace + ". The test passed against the wrong"
                + " server. " + LibraryThreads.RECOMMENDED_STYLE + " Or make the client inside the test, in its"
                + " namespace, and close it before the test ends; or evict the pool before the test.");
    }

    /** One line of {@code /proc/net/tcp{,6}}: addresses as text, state in hex, the socket's inode. */
    record Entry(String local, int localPort, String remote, int remotePort, String state, long inode,
            String namespace) {
        String tuple() {
            return local + ":" + localPort + ">" + remote + ":" + remotePort;
        }

        Entry in(String ns) {
            return new Entry(local, localPort, remote, remotePort, state, inode, ns);
        }
    }

    /**
     * The JVM namespace's TCP sockets, listeners included, with their counters (sock_diag); null when they cannot be
     * read.
     */
    private static List<TcpSocketInfo> jvmSockets() {
        try {
            return JvmNamespace.call(() -> TcpSockets.ofCurrentNamespace("the JVM's own namespace",
                    InetDiagRequest.ALL_STATES));
        } catch (Throwable unreadable) {
            return null;
        }
    }

    /** Bytes acknowledged plus received: grows whenever the connection carries data; -1 on kernels before 4.1. */
    private static long carried(TcpSocketInfo s) {
        return s.bytesAcked() < 0 ? -1 : s.bytesAcked() + s.bytesReceived();
    }

    private static Entry entry(TcpSocketInfo s) {
        return new Entry(s.local().getHostAddress(), s.localPort(), s.remote().getHostAddress(), s.remotePort(),
                String.format("%02X", s.state()), s.inode(), null);
    }

    /**
     * The calling thread's namespace's listening TCP sockets: a sock_diag dump of listeners only, which reads the
     * kernel's listener hash and skips its connection hash.
     */
    static List<Entry> ownListeners(String namespace) {
        return TcpSockets.ofCurrentNamespace(namespace, InetDiagRequest.LISTENERS).stream()
                .map(WrongServerCheck::entry).toList();
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1");
    }

    private static boolean isAny(String address) {
        return address.equals("0.0.0.0") || address.equals("0:0:0:0:0:0:0:0");
    }

    private static Set<Long> ownSocketInodes() {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | RuntimeException closed) {
                    // closed while we looked
                }
            });
        } catch (IOException e) {
            return inodes;
        }
        return inodes;
    }
}
