package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.sys.Native;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The platform thread that makes namespaces for {@link NetNamespace#createAll}: started on first use, it enters
 * the JVM's own namespace (that of the thread-group leader, whichever thread started it) and keeps an fd on it;
 * each job may unshare(CLONE_NEWNET) as often as it likes, and afterwards the thread returns home with setns(2),
 * before the job's result is handed out. So it never pins a namespace it made, and creating namespaces costs no
 * thread start. If it cannot return home it ends (a new one starts on the next job); it also ends after
 * {@value #IDLE_SECONDS} s without work. It belongs to no handle (its name, {@code netlink-ns-creator}, is not
 * one of the {@code netns-NAME} names of threads pinned to a namespace) and sits idle in the JVM's namespace.
 */
final class NamespaceCreator {
    private static final long IDLE_SECONDS = 30;
    private static final Object LOCK = new Object();
    /** Guarded by LOCK: the running creator, or null. */
    private static Worker current;

    private NamespaceCreator() {
    }

    /** A job and where its result goes. */
    private record Task<T>(Supplier<T> job, CompletableFuture<T> result) {
        /** Runs the job; its outcome is returned, not yet delivered. */
        Runnable run() {
            try {
                T value = job.get();
                return () -> result.complete(value);
            } catch (Throwable t) {
                return () -> result.completeExceptionally(t);
            }
        }
    }

    /**
     * Runs {@code job} on the creator thread; the future completes once the thread is back in the JVM's
     * namespace. The job's exceptions complete the future exceptionally.
     */
    static <T> CompletableFuture<T> submit(Supplier<T> job) {
        Task<T> task = new Task<>(job, new CompletableFuture<>());
        enqueue(task);
        return task.result();
    }

    private static void enqueue(Task<?> task) {
        synchronized (LOCK) {
            if (current == null || !current.offer(task)) {
                current = new Worker();
                current.offer(task);
                current.start();
            }
        }
    }

    private static final class Worker extends Thread {
        private final LinkedBlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
        /** Guarded by LOCK: no job is accepted any more. */
        private boolean retired;

        Worker() {
            super("netlink-ns-creator");
            setDaemon(true);
        }

        boolean offer(Task<?> task) {
            // called under LOCK
            if (retired) {
                return false;
            }
            queue.add(task);
            return true;
        }

        @Override
        public void run() {
            int home = -1;
            try {
                home = Native.openReadOnly("/proc/self/ns/net");
                Native.setns(home, Native.CLONE_NEWNET);
                while (true) {
                    Task<?> task = queue.poll(IDLE_SECONDS, TimeUnit.SECONDS);
                    if (task == null) {
                        synchronized (LOCK) {
                            if (queue.isEmpty()) {
                                retire();
                                return;
                            }
                        }
                        continue;
                    }
                    Runnable deliver = task.run();
                    try {
                        // back home before anyone sees the result: this thread never pins a namespace it made
                        Native.setns(home, Native.CLONE_NEWNET);
                    } finally {
                        deliver.run();
                    }
                }
            } catch (Throwable t) {
                // could not enter or return home (or interrupted): stop, hand what is queued to a fresh creator
                synchronized (LOCK) {
                    retire();
                    Task<?> left;
                    while ((left = queue.poll()) != null) {
                        enqueue(left);
                    }
                }
            } finally {
                if (home >= 0) {
                    Native.close(home);
                }
            }
        }

        private void retire() {
            // called under LOCK
            retired = true;
            if (current == this) {
                current = null;
            }
        }
    }
}
