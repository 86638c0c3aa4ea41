package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.ConntrackFlush;
import io.github.netnsjunit.junit.internal.HostBaseline;
import io.github.netnsjunit.junit.internal.HostLease;
import io.github.netnsjunit.netlink.ns.JvmNamespace;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Internal: exclusive use of the host namespace while a topology that changes it exists. Two levels, taken in this
 * order and released in the reverse one: a turn shared by every test of this JVM (kept in the root store, so that
 * parallel tests of one run take turns), then the {@link HostLease} file lock, which serialises JVMs (Surefire forks,
 * parallel builds). A JVM may hold a file lock only once, hence the in-JVM turn first.
 *
 * <p>The turn is a semaphore, not a lock owned by a thread: a class-scoped topology is built on the thread of its
 * first test and torn down on the class's, which differ under parallel execution.
 */
final class HostGuard implements AutoCloseable {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(HostGuard.class);

    /** One per run: whose turn it is, and a private host's state before the first topology re-wired it. */
    private static final class Turn {
        final Semaphore permit = new Semaphore(1, true);
        volatile String holder = "";
        /** Taken at the first turn, when "host" is private ({@link HostBaseline#applies()}); else null. */
        HostBaseline baseline;
    }

    private final Turn turn;
    private final HostLease lease;

    private HostGuard(Turn turn, HostLease lease) {
        this.turn = turn;
        this.lease = lease;
    }

    /** Waits for the turn, then for the other JVMs. */
    static HostGuard acquire(ExtensionContext context) {
        Turn turn = context.getRoot().getStore(STORE).getOrComputeIfAbsent(Turn.class, k -> new Turn(), Turn.class);
        String holder = turn.holder;
        if (!holder.isEmpty() && context.getUniqueId().startsWith(holder)) {
            // an enclosing class's topology holds the host: waiting would never end
            throw new IllegalStateException(context.getDisplayName() + " declares a topology that changes the \"host\""
                    + " namespace inside an enclosing class whose shared topology changes it too (" + holder + "). Only"
                    + " one topology at a time may change the host: declare the host links once, in the enclosing class.");
        }
        turn.permit.acquireUninterruptibly();
        try {
            // a private JVM namespace (netns.junit.jvmNamespace=private) is no other JVM's business: forks that each
            // change their own run in parallel
            HostLease lease = JvmNamespace.isPrivate() ? null : HostLease.acquire();
            turn.holder = context.getUniqueId();
            if (turn.baseline == null && HostBaseline.applies()) {
                turn.baseline = HostBaseline.take();
            }
            return new HostGuard(turn, lease);
        } catch (RuntimeException | Error e) {
            turn.permit.release();
            throw e;
        }
    }

    /**
     * Releases the host, after the topology's teardown. A private host that differs from its baseline fails here,
     * naming every difference (the host is released all the same).
     */
    @Override
    public void close() {
        List<String> differences = List.of();
        RuntimeException flushFailed = null;
        if (turn.baseline != null) {
            try (NamespaceHandle host = NamespaceHandle.host()) {
                ConntrackFlush.flush(host);
            } catch (RuntimeException e) {
                flushFailed = e;
            }
            differences = turn.baseline.differences(HostBaseline.take());
        }
        try {
            if (lease != null) {
                lease.close();
            }
        } finally {
            turn.holder = "";
            turn.permit.release();
        }
        if (flushFailed != null) {
            throw new IllegalStateException("could not empty the conntrack table of the private \"host\" namespace: "
                    + flushFailed.getMessage(), flushFailed);
        }
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the \"host\" namespace (" + JvmNamespace.link() + ", private to"
                    + " this JVM, where client threads live for the whole run) is not as it was before the first"
                    + " topology changed it; later tests would see this: " + String.join("; ", differences));
        }
    }
}
