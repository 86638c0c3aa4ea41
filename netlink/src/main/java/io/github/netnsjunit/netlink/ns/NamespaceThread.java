package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A platform thread that entered one network namespace with setns(2) and runs submitted work there, one task at
 * a time. In a namespace other than the JVM's it also has a private mount namespace in which {@code /sys} and
 * {@code /proc/net} show its network namespace ({@link NamespaceMounts}), inherited by the threads and processes it
 * starts; the pinned threads of one namespace share that mount namespace ({@link SharedMountView}). It is never returned to a pool: {@link #close()} ends it, and a new one is made when needed again.
 */
public final class NamespaceThread implements AutoCloseable {
    /** Work that may throw anything; its exception reaches the caller unchanged. */
    @FunctionalInterface
    public interface Task<T> {
        /** Runs inside the namespace. */
        T call() throws Throwable;
    }

    /**
     * How long {@link #close()} waits for the thread to end: a task still running then is stuck, and a generous
     * second keeps a slow machine from reporting a healthy thread as one.
     */
    public static final long END_TIMEOUT_MILLIS = 1000;

    private static final Runnable STOP = () -> { };
    private static final java.util.concurrent.atomic.AtomicBoolean VIEW_WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Told to a thread that made its namespace's view: stop serving, stay as the view's anchor. */
    private static final Runnable RETIRE = () -> { };

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Integer> entered = new CompletableFuture<>();
    private volatile boolean closed;
    /** True while a task runs on the thread: a caller queued behind it waits until the task ends. */
    private volatile boolean busy;
    /** The view this thread makes or joins (null for the JVM's own namespace). */
    private final SharedMountView view;

    /** A thread in the JVM's own namespace, or in one whose view it makes or joins through {@code view}. */
    NamespaceThread(String threadName, int namespaceFd, SharedMountView view) {
        this.view = view;
        thread = new Thread(() -> loop(namespaceFd, view), threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            entered.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting " + threadName, e);
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop(int namespaceFd, SharedMountView view) {
        try {
            if (!JvmNamespace.sameAsProcess("mnt")) {
                // started from another namespace thread (NetNs.call of ns0 from ns1's test body): leave its view
                // first, or this thread's view would be stacked on it and keep the other namespace alive
                JvmNamespace.enter();
            }
            Native.setns(namespaceFd, Native.CLONE_NEWNET);
            if (!JvmNamespace.sameAsProcess("net")) {
                privateView(view);
            }
            entered.complete(Native.gettid());
        } catch (RuntimeException | Error e) {
            entered.completeExceptionally(e);
            return;
        }
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                // an interrupt meant for a finished task: keep serving until told to stop
                continue;
            }
            if (task == STOP) {
                return;
            }
            if (task == RETIRE) {
                view.anchor();
                return;
            }
            task.run();
        }
    }

    /**
     * Gives this thread the mount namespace in which {@code /sys} and {@code /proc/net} show its network namespace
     * (see {@link NamespaceMounts}), made by the namespace's first thread and shared by the next ones
     * ({@link SharedMountView}). Without it the thread still works, but {@code NetworkInterface} and
     * those files show the JVM's namespace: warned once per JVM, not fatal.
     */
    private static void privateView(SharedMountView view) {
        try {
            view.enter();
        } catch (RuntimeException e) {
            if (VIEW_WARNED.compareAndSet(false, true)) {
                System.getLogger(NamespaceThread.class.getName()).log(System.Logger.Level.WARNING, "netns-junit: "
                        + "namespace threads get no private view of /sys and /proc/net (" + e.getMessage() + "), so"
                        + " java.net.NetworkInterface, /proc/net/* and /sys/class/net read on them show the JVM's own"
                        + " network namespace; sockets are not affected. Mounting needs CAP_SYS_ADMIN over the"
                        + " namespace's user namespace.");
            }
        }
    }

    /** The Java thread (to inspect its stack, e.g. on a timeout). */
    public Thread thread() {
        return thread;
    }

    /** The kernel thread id, usable as {@code /proc/<pid>/task/<tid>/ns/net}. */
    public int tid() {
        return entered.join();
    }

    /**
     * True while the thread runs a task (a test body, a lifecycle method): work handed to it now waits until that
     * task ends.
     */
    public boolean isBusy() {
        return busy;
    }

    /** True when called from this thread. */
    public boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code task} on this thread and returns its result; anything it throws is rethrown as is. If the caller
     * is interrupted while waiting (e.g. by a timeout), the task's thread is interrupted too and the caller's
     * {@link InterruptedException} is thrown, with the stack of the task's thread at that moment attached as a
     * suppressed exception.
     */
    public <T> T call(Task<T> task) throws Throwable {
        if (isCurrent()) {
            return task.call();
        }
        if (closed) {
            throw new IllegalStateException(thread.getName() + " is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(() -> {
            T value = null;
            Throwable failure = null;
            busy = true;
            try {
                value = task.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                Thread.interrupted(); // do not carry an interrupt into the next task
                busy = false; // before the caller learns the result: its next call must not find the thread busy
            }
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            // what the task was doing, for the report (e.g. of a timeout): taken before the interrupt unwinds it
            Throwable stack = new Throwable("stack of " + thread.getName() + " when its caller was interrupted");
            stack.setStackTrace(thread.getStackTrace());
            e.addSuppressed(stack);
            thread.interrupt();
            throw e;
        }
    }

    /**
     * Ends the thread after the current task; waits up to {@code timeoutMillis} for it to end, in the kernel too: a
     * joined Java thread is still an exiting task for a while, and only when it is gone from {@code /proc} has it
     * dropped its namespaces. A thread that made its namespace's view of {@code /sys} and {@code /proc/net}
     * ({@link SharedMountView}) stops serving but stays, parked, while its namespace is open (the view's
     * {@code /proc/net} needs its task); then this returns true at once, and the namespace's close ends it.
     */
    public boolean close(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        if (!closed) {
            closed = true;
            if (view != null && view.mustAnchor(thread)) {
                // it made the view the namespace's next threads join: it stays, parked, until the handle closes
                queue.add(RETIRE);
                return true;
            }
            queue.add(STOP);
        }
        try {
            thread.join(TimeUnit.MILLISECONDS.toMillis(timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive() && taskGone(deadline);
    }

    private boolean taskGone(long deadline) {
        Integer tid;
        try {
            tid = entered.getNow(null);
        } catch (RuntimeException neverEntered) {
            return true;
        }
        if (tid == null) {
            return true;
        }
        java.nio.file.Path task = java.nio.file.Path.of("/proc/self/task/" + tid);
        while (java.nio.file.Files.exists(task)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000L);
        }
        return true;
    }

    /** Ends the thread, waiting up to {@link #END_TIMEOUT_MILLIS}. */
    @Override
    public void close() {
        close(END_TIMEOUT_MILLIS);
    }
}
