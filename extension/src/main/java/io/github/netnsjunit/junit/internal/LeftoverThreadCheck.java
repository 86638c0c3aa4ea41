package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Internal: the check, at teardown, that no thread outlives a test inside its namespaces. Made before the namespace
 * handles are closed ({@link #before}, which notes the namespaces that may hold other threads), run after
 * ({@link #after}). The JDK's known idle helpers ({@link JdkIdleThreads}) give a warning through
 * {@link System.Logger}; any other thread fails the test, named in full, with its stack attached — a client
 * library's thread ({@link LibraryThreads}) with what it is and the fix that works for it.
 */
final class LeftoverThreadCheck {
    private static final System.Logger LOG = System.getLogger(LeftoverThreadCheck.class.getName());

    private final Map<String, String> namespaceByInode;
    /**
     * The checked namespaces, held open until the check ends. Once its handles are closed a namespace may be freed,
     * and the kernel gives a freed namespace's inode number to the next namespace made (ns_alloc_inum takes the lowest
     * free number of an IDA, fs/proc/generic.c: seen in CI, where a concurrent test's new namespace got the number and
     * its pinned thread was reported as left in ours). Held open, the number cannot be reused while we compare.
     */
    private final List<FileChannel> held;

    private LeftoverThreadCheck(Map<String, String> namespaceByInode, List<FileChannel> held) {
        this.namespaceByInode = namespaceByInode;
        this.held = held;
    }

    /** Notes the owned namespaces another thread may be in; call it while the handles are still open. */
    static LeftoverThreadCheck before(List<NamespaceHandle> handles, Map<String, ThreadStartWatch> starts) {
        Map<String, String> owned = new HashMap<>();
        List<FileChannel> held = new ArrayList<>();
        for (NamespaceHandle ns : handles) {
            // scanning every thread costs more than the rest of the teardown: only where one may be inside
            ThreadStartWatch watch = starts.get(ns.name());
            String inode = ns.isOwned() && (watch == null || watch.mayHoldOtherThreads())
                    ? LeftoverThreads.inode(ns.path()) : null;
            if (inode != null) {
                try {
                    held.add(FileChannel.open(Path.of(ns.path()), StandardOpenOption.READ));
                } catch (IOException | RuntimeException e) {
                    continue; // not held, so not compared: its number could be another namespace's by then
                }
                owned.put(inode, ns.name());
            }
        }
        return new LeftoverThreadCheck(owned, held);
    }

    /**
     * Warns about the JDK's idle helpers still inside; returns the failure for any other thread inside. Library
     * threads that end by themselves shortly after their last use ({@link LibraryThreads}) are waited for first.
     */
    Optional<IllegalStateException> after() {
        try {
            return check();
        } finally {
            for (FileChannel c : held) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a namespace file cannot fail in a way that matters here
                }
            }
        }
    }

    private Optional<IllegalStateException> check() {
        if (namespaceByInode.isEmpty()) {
            return Optional.empty();
        }
        List<LeftoverThreads.Leftover> found = LeftoverThreads.find(namespaceByInode);
        Duration wait = found.stream()
                .map(t -> LibraryThreads.recognise(t.thread(), t.name(), t.stack())
                        .map(LibraryThreads.Known::endsAlone).orElse(Duration.ZERO))
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        if (!wait.isZero()) {
            found = awaitEnd(found, wait);
        }
        List<LeftoverThreads.Leftover> others = new ArrayList<>();
        for (LeftoverThreads.Leftover t : found) {
            Optional<String> why = JdkIdleThreads.explain(t.name(), t.stack());
            if (why.isPresent()) {
                LOG.log(System.Logger.Level.WARNING, warning(t, why.get()));
            } else {
                others.add(t);
            }
        }
        if (others.isEmpty()) {
            return Optional.empty();
        }
        List<LeftoverThreads.Leftover> unknown = new ArrayList<>();
        List<String> libraries = new ArrayList<>();
        for (LeftoverThreads.Leftover t : others) {
            Optional<LibraryThreads.Known> k = LibraryThreads.recognise(t.thread(), t.name(), t.stack());
            if (k.isPresent()) {
                libraries.add(LibraryThreads.explain(t, k.get()));
            } else {
                unknown.add(t);
            }
        }
        StringBuilder message = new StringBuilder();
        if (!unknown.isEmpty()) {
            boolean poolWorker = unknown.stream()
                    .anyMatch(t -> t.thread() != null && CommonPoolThreads.isCommonPoolWorker(t.thread()));
            message.append("thread").append(unknown.size() == 1 ? " " : "s ")
                    .append(String.join(", ", unknown.stream().map(LeftoverThreads.Leftover::describe).toList()))
                    .append(" outlived the test inside its namespace: it keeps the namespace alive and will run later"
                            + " work there. Threads inherit the namespace of the thread that starts them: shut down"
                            + " executors started in the test (shutdownNow() and awaitTermination()), and end the"
                            + " threads you start.")
                    .append(poolWorker ? " A common ForkJoin pool worker here means the pool was created before"
                            + " netns-junit could install its thread factory: start the test JVM with -D"
                            + CommonPoolSetup.PROPERTY + "=" + CommonPoolThreadFactory.class.getName() + "." : "");
        }
        if (!libraries.isEmpty()) {
            message.append(message.length() == 0 ? "" : " ").append("Library threads outlived the test inside its"
                    + " namespace: ").append(String.join(" ", libraries));
        }
        IllegalStateException failure = new IllegalStateException(message.toString());
        for (LeftoverThreads.Leftover t : others) {
            Throwable stack = new Throwable("stack of thread " + t.describe()
                    + (t.thread() == null ? " (not a Java thread: no stack)" : ""));
            stack.setStackTrace(t.stack());
            failure.addSuppressed(stack);
        }
        return Optional.of(failure);
    }

    /** Rescans until the threads that end by themselves have ended, or {@code wait} (plus a margin) has passed. */
    private List<LeftoverThreads.Leftover> awaitEnd(List<LeftoverThreads.Leftover> found, Duration wait) {
        long deadline = System.nanoTime() + wait.plusMillis(500).toNanos();
        List<LeftoverThreads.Leftover> now = found;
        while (System.nanoTime() - deadline < 0 && now.stream().anyMatch(t -> LibraryThreads
                .recognise(t.thread(), t.name(), t.stack()).filter(k -> !k.endsAlone().isZero()).isPresent())) {
            LockSupport.parkNanos(100_000_000L);
            now = LeftoverThreads.find(namespaceByInode);
        }
        return now;
    }

    /** The warning for one of the JDK's idle helpers. */
    static String warning(LeftoverThreads.Leftover t, String explanation) {
        return "netns-junit: the JDK's thread " + t.describe() + " stays in the namespace after the test and keeps it"
                + " alive until it ends. It is " + explanation;
    }
}
