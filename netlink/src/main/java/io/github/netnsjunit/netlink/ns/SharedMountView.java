package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The private view of one network namespace ({@link NamespaceMounts}: {@code /sys} and {@code /proc/net} showing
 * it), made once and shared by every pinned thread of that namespace, instead of one mount namespace per thread.
 *
 * <p>Why: a mount namespace of its own cost each thread the unshare and four mounts when it started, and the
 * kernel's teardown of that mount namespace when it exited (the exiting task dropped the last reference: umount of
 * the copied tree, with an RCU grace period) — about 1 ms per thread on a 2-core VM, most of it at the end.
 *
 * <p>How: the namespace's first pinned thread starts an <em>anchor</em> thread (daemon, {@code netns-NAME-view}),
 * born in the namespace, which makes the view and then only waits. Every pinned thread, this first one included,
 * joins the view: {@code unshare(CLONE_FS)} (setns(2) into a mount namespace fails with EINVAL while the thread
 * shares its root and working directory with other threads), {@code setns(fd, CLONE_NEWNS)} on an fd of the view
 * opened by the anchor, and {@code chdir} back to the working directory it had (setns(2) moves it to the root). The
 * anchor must stay: the view's {@code /proc/<pid>/net} is a bind mount of {@code /proc/thread-self/net} of the task
 * that made it, and once that task is gone the kernel finds no task behind it and the directory is empty (seen on
 * Linux 6.18: ENOENT for {@code /proc/net/dev} after the maker ended). What a thread sees is the same as before:
 * each per-thread view was a copy of the JVM's mounts with the same sysfs and {@code /proc/net} mounts for the same
 * network namespace. Threads of different namespaces never share a view: each {@link NamespaceHandle} has its own.
 *
 * <p>Lifetime: the anchor and the fd keep the mount namespace, and with its sysfs mount the network namespace, until
 * {@link #close()}, which the handle calls after ending its pinned threads; it ends the anchor and waits until its
 * kernel task is gone. If making the view fails (no CAP_SYS_ADMIN over the namespace's user namespace), nothing is
 * kept and the next thread tries again, as before.
 */
final class SharedMountView implements AutoCloseable {
    private final String threadName;
    /** The anchor: made the view and keeps its /proc/net alive; null until the first thread enters. */
    private Thread anchor;
    private int anchorTid;
    private final CountDownLatch release = new CountDownLatch(1);
    /** The fd on the view's mount namespace, or -1. */
    private int fd = -1;
    private boolean closed;

    /** A view whose anchor thread will be named {@code threadName}. */
    SharedMountView(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Gives the calling thread, which has just entered this view's network namespace from the JVM's mount
     * namespace, the view: makes it on first use (through the anchor), then joins it. Throws
     * {@link io.github.netnsjunit.netlink.sys.SyscallException} as {@link NamespaceMounts#enter()} does.
     */
    synchronized void enter() {
        if (closed) {
            throw new IllegalStateException("the view of " + threadName + " is closed");
        }
        if (fd < 0) {
            make();
        }
        join(fd);
    }

    /** Starts the anchor (it inherits the caller's network namespace) and waits until it made the view. */
    private void make() {
        CompletableFuture<int[]> made = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            int tid = Native.gettid();
            int viewFd;
            try {
                NamespaceMounts.enter();
                viewFd = Native.openReadOnly("/proc/thread-self/ns/mnt");
            } catch (RuntimeException | Error e) {
                made.completeExceptionally(e);
                return;
            }
            made.complete(new int[] {tid, viewFd});
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    // not ours to end early: the view lives until close()
                }
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
        try {
            int[] r = made.get();
            anchor = t;
            anchorTid = r[0];
            fd = r[1];
        } catch (ExecutionException e) {
            joinQuietly(t);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            // the anchor finishes making the view meanwhile; close() ends it
            Thread.currentThread().interrupt();
            int[] r = made.join();
            anchor = t;
            anchorTid = r[0];
            fd = r[1];
        }
    }

    private static void join(int viewFd) {
        String cwd = workingDirectory();
        Native.unshare(Native.CLONE_FS);
        Native.setns(viewFd, Native.CLONE_NEWNS);
        if (cwd != null) {
            // the view is a copy of the JVM's mounts: the same path names the same directory there
            Native.chdir(cwd);
        }
    }

    /** The calling thread's working directory as a path, or null if no path names it (deleted). */
    private static String workingDirectory() {
        try {
            String cwd = Files.readSymbolicLink(Path.of("/proc/thread-self/cwd")).toString();
            return cwd.endsWith(" (deleted)") ? null : cwd;
        } catch (IOException e) {
            return null;
        }
    }

    /** True while a view is kept for the next threads (for tests). */
    synchronized boolean isKept() {
        return fd >= 0;
    }

    /**
     * Ends the anchor and drops the fd: the mount namespace ends with the last thread still in it. Waits up to
     * {@link NamespaceThread#END_TIMEOUT_MILLIS} until the anchor's kernel task is gone; false if it is not.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        release.countDown();
        if (anchor == null) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NamespaceThread.END_TIMEOUT_MILLIS);
        try {
            Native.close(fd);
        } finally {
            fd = -1;
            joinQuietly(anchor);
            Path task = Path.of("/proc/self/task/" + anchorTid);
            while (Files.exists(task) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000L);
            }
            if (Files.exists(task)) {
                throw new IllegalStateException("thread " + threadName + " did not end within "
                        + NamespaceThread.END_TIMEOUT_MILLIS / 1000 + " s; it keeps the namespace alive");
            }
        }
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(NamespaceThread.END_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
