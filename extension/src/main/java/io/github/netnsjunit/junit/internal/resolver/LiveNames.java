package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Internal: the host names of the topologies alive in this JVM, and which topology a thread's lookup answers from.
 *
 * <p>The JDK has one resolver for the whole JVM, so this registry is JVM-wide by necessity; it only holds what
 * live topologies registered and is emptied by their teardown. A lookup answers from one topology, chosen for the
 * calling thread in this order:
 * <ol>
 *   <li>the topology owning the network namespace the thread runs in ({@code /proc/thread-self/ns/net}): the
 *       namespace's pinned thread, and every thread started from it (threads inherit their creator's namespace),
 *       thread pools created there included;</li>
 *   <li>the topology the thread is tied to: the thread that built it (the JUnit thread running the test), and
 *       threads created by a tied thread while the topology lives (the tie is an {@link InheritableThreadLocal}).
 *       Ties nest: a thread building a second topology answers from it until it closes;</li>
 *   <li>for any other thread (one created before the test, e.g. a shared pool's): a name only one live topology
 *       declares, or that all declaring it map to the same addresses, resolves; a name declared differently by
 *       several live topologies fails with an {@link java.net.UnknownHostException} saying so.</li>
 * </ol>
 * A thread tied to a topology that does not declare a name gets the JDK's answer for it, never another test's. A
 * topology that declares no names registers too (with an empty table), so that its threads and namespaces are its
 * own and never see another test's names. Common-pool workers that move home drop the tie they inherited
 * ({@link #untieCurrentThread()}).
 */
public final class LiveNames {
    private static final Path OWN_NAMESPACE = Path.of("/proc/thread-self/ns/net");
    private static final List<Registration> LIVE = new CopyOnWriteArrayList<>();
    private static final InheritableThreadLocal<Tie> TIES = new InheritableThreadLocal<>();

    private LiveNames() {
    }

    /** A thread's tie: the innermost topology first. */
    private record Tie(Registration registration, Tie outer) {
    }

    /** The outcome of a lookup. */
    public sealed interface Answer {
        /** Our name: these addresses. */
        record Found(List<InetAddress> addresses) implements Answer {
        }

        /** Not a name of a topology the caller may see: the JDK's resolver decides. */
        record NotOurs() implements Answer {
        }

        /** A name of several live topologies, and no way to tell which the caller means. */
        record Ambiguous(String message) implements Answer {
        }
    }

    /**
     * Registers the names of a topology that now lives, and ties the calling thread to it.
     *
     * @param owner       how messages name the topology, e.g. its namespaces' origins
     * @param namespaces  the inodes ({@code net:[4026532...]}) of the namespaces it owns
     */
    public static Registration register(HostTable table, String owner, Set<String> namespaces) {
        Registration r = new Registration(table, owner, Set.copyOf(namespaces));
        LIVE.add(r);
        r.tieCurrentThread();
        return r;
    }

    /**
     * Ends every tie of the calling thread, inherited ones included: for a thread that serves every test whoever
     * created it, such as a common-pool worker that has moved to the JVM's own namespace (it inherited the tie of the
     * test thread that happened to make the pool grow, and would answer that test's names for the next test's work).
     */
    public static void untieCurrentThread() {
        TIES.remove();
    }

    /** True when no live topology is registered; lookups cost nothing more then. */
    public static boolean isEmpty() {
        return LIVE.isEmpty();
    }

    /** The answer for {@code name} on the calling thread. */
    public static Answer lookup(String name) {
        if (LIVE.isEmpty()) {
            return new Answer.NotOurs();
        }
        Registration own = ownerOfCurrentThread();
        if (own != null) {
            return own.table.lookup(name).<Answer>map(Answer.Found::new).orElseGet(Answer.NotOurs::new);
        }
        List<Registration> declaring = new ArrayList<>();
        for (Registration r : LIVE) {
            if (r.table.lookup(name).isPresent()) {
                declaring.add(r);
            }
        }
        if (declaring.isEmpty()) {
            return new Answer.NotOurs();
        }
        List<InetAddress> first = declaring.get(0).table.lookup(name).orElseThrow();
        if (declaring.stream().allMatch(r -> r.table.lookup(name).orElseThrow().equals(first))) {
            return new Answer.Found(first);
        }
        StringBuilder owners = new StringBuilder();
        for (Registration r : declaring) {
            owners.append(owners.length() == 0 ? "" : "; ").append(r.owner).append(" -> ")
                    .append(String.join(", ", r.table.lookup(name).orElseThrow().stream()
                            .map(IpAddresses::format).toList()));
        }
        return new Answer.Ambiguous(name + ": declared differently by " + declaring.size() + " topologies alive now ("
                + owners + "), and thread '" + Thread.currentThread().getName() + "' belongs to none of their tests."
                + " netns-junit answers from the test of the thread that looks up: look the name up from the test's"
                + " thread, a namespace thread (NetNs.call, @InNamespace), or a thread they start.");
    }

    /**
     * The DNS fault in force for {@code name} in the topology the calling thread belongs to, if any: in-JVM lookups
     * (the resolver provider) see the faults of the topology's DNS server, as the server's clients do. A
     * namespace's own fault ({@code NetNs.dns()}) applies to threads inside that namespace.
     */
    static Optional<DnsFaultRules.Rule> fault(String name) {
        if (LIVE.isEmpty()) {
            return Optional.empty();
        }
        Registration own = ownerOfCurrentThread();
        if (own == null || own.faults == null) {
            return Optional.empty();
        }
        String inode = currentNamespace();
        String namespace = inode == null ? null : own.namespaceNames.get(inode);
        return Optional.ofNullable(own.faults.find(HostTable.key(name), namespace));
    }

    /** The host name of {@code address} on the calling thread, when a live topology the caller may see names it. */
    public static Optional<String> reverse(InetAddress address) {
        if (LIVE.isEmpty()) {
            return Optional.empty();
        }
        Registration own = ownerOfCurrentThread();
        if (own != null) {
            return own.table.reverse(address);
        }
        List<String> names = new ArrayList<>();
        for (Registration r : LIVE) {
            r.table.reverse(address).ifPresent(names::add);
        }
        return names.stream().distinct().count() == 1 ? Optional.of(names.get(0)) : Optional.empty();
    }

    /** The topology the calling thread belongs to, or null. */
    private static Registration ownerOfCurrentThread() {
        String inode = currentNamespace();
        if (inode != null) {
            for (Registration r : LIVE) {
                if (r.namespaces.contains(inode)) {
                    return r;
                }
            }
        }
        for (Tie t = TIES.get(); t != null; t = t.outer()) {
            if (!t.registration().closed) {
                return t.registration();
            }
        }
        return null;
    }

    private static String currentNamespace() {
        try {
            return Files.readSymbolicLink(OWN_NAMESPACE).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** One live topology's names; closing it removes them. */
    public static final class Registration implements AutoCloseable {
        private final HostTable table;
        private final String owner;
        private final Set<String> namespaces;
        private volatile boolean closed;
        private volatile DnsFaultRules faults;
        private volatile Map<String, String> namespaceNames = Map.of();

        private Registration(HostTable table, String owner, Set<String> namespaces) {
            this.table = table;
            this.owner = owner;
            this.namespaces = namespaces;
        }

        /** The names registered. */
        public HostTable table() {
            return table;
        }

        /**
         * Ties the calling thread (and threads it creates from now on) to this topology until it closes, or until
         * the returned scope is closed. This is the hook for an extension that runs a test on another thread than
         * the one that built its topology.
         */
        public AutoCloseable tieCurrentThread() {
            Tie outer = TIES.get();
            TIES.set(new Tie(this, outer));
            return () -> {
                if (TIES.get() != null && TIES.get().registration() == this) {
                    TIES.set(outer);
                }
            };
        }

        /**
         * Makes in-JVM lookups see the DNS faults of the topology's server ({@code namespaceByInode}: the inode
         * text of each namespace to its name, for namespace-scoped faults).
         */
        public void attachDnsFaults(DnsFaultRules rules, Map<String, String> namespaceByInode) {
            namespaceNames = Map.copyOf(namespaceByInode);
            faults = rules;
        }

        /** Removes the names; the calling thread's tie to this topology ends too. */
        @Override
        public void close() {
            closed = true;
            LIVE.remove(this);
            Tie t = TIES.get();
            if (t != null && t.registration() == this) {
                TIES.set(t.outer());
            }
        }
    }
}
