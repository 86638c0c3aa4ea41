package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
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
 * <p>How: the namespace's first thread makes the view as before and keeps an fd on it; every later thread joins it:
 * {@code unshare(CLONE_FS)} (setns(2) into a mount namespace fails with EINVAL while the thread shares its root and
 * working directory with other threads), {@code setns(fd, CLONE_NEWNS)}, and {@code chdir} back to the working
 * directory it had (setns(2) moves it to the root). The maker must outlive the view's users: the view's
 * {@code /proc/<pid>/net} is a bind mount of {@code /proc/thread-self/net} of the task that made it, and once that task
 * is gone the kernel finds no task behind it and the directory is empty (seen on Linux 6.18: ENOENT for
 * {@code /proc/net/dev} after the maker ended). So when the maker is released ({@link NamespaceThread#close(long)})
 * while the namespace stays open, it stops serving and stays as the view's <em>anchor</em>, renamed
 * {@code netns-NAME-view}, parked until {@link #close()}; with one thread per namespace (the usual test) nothing
 * changes. What a thread sees is the same as before: each per-thread view was a copy of the JVM's mounts with the
 * same sysfs and {@code /proc/net} mounts for the same network namespace. Threads of different namespaces never
 * share a view: each {@link NamespaceHandle} has its own.
 *
 * <p>Lifetime: the fd and the anchor keep the mount namespace, and with its sysfs mount the network namespace, until
 * {@link #close()}, which the handle calls after ending its pinned threads. If making the view fails (no
 * CAP_SYS_ADMIN over the namespace's user namespace), nothing is kept and the next thread tries again, as before.
 */
final class SharedMountView implements AutoCloseable {
    /** Counted down by {@link #close()} or {@link #end()}: a retired maker parks until then. */
    private CountDownLatch released = new CountDownLatch(1);
    /** The fd on the view's mount namespace, or -1. */
    private int fd = -1;
    /** The thread that made the view, and its kernel thread id. */
    private Thread maker;
    private int makerTid;
    private volatile boolean closing;
    /** True while {@link NamespaceHandle#releaseThreadAndView} ends the view: a released maker ends too. */
    private volatile boolean ending;

    /**
     * Gives the calling thread, which has just entered this view's network namespace from the JVM's mount
     * namespace, the view: makes it if no thread did, else joins it. Throws
     * {@link io.github.netnsjunit.netlink.sys.SyscallException} as {@link NamespaceMounts#enter()} does.
     */
    synchronized void enter() {
        if (closing) {
            throw new IllegalStateException("the namespace's view is closed");
        }
        if (fd >= 0) {
            join(fd);
            return;
        }
        NamespaceMounts.enter();
        fd = Native.openReadOnly("/proc/thread-self/ns/mnt");
        maker = Thread.currentThread();
        makerTid = Native.gettid();
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

    /** True if {@code t} made the view and must stay as its anchor when released, the namespace being open. */
    synchronized boolean mustAnchor(Thread t) {
        return !closing && !ending && t == maker;
    }

    /** Called on the maker once it stopped serving: parks it until {@link #close()}. */
    void anchor() {
        CountDownLatch released;
        synchronized (this) {
            released = this.released;
        }
        Thread.currentThread().setName(Thread.currentThread().getName() + "-view");
        while (true) {
            try {
                released.await();
                return;
            } catch (InterruptedException e) {
                // not ours to end early: the view lives until close()
            }
        }
    }

    /** True while a view is kept for the next threads (for tests). */
    synchronized boolean isKept() {
        return fd >= 0;
    }

    /** From now on a released maker ends instead of staying as anchor (the handle is closing). */
    void closing() {
        closing = true;
    }

    /** From now until {@link #end()} a released maker ends instead of staying as anchor. */
    void ending() {
        ending = true;
    }

    /**
     * Ends the view, once the namespace's pinned threads have ended ({@link #ending()} first): the next thread makes
     * a new one. Waits as {@link #close()} does.
     */
    synchronized void end() {
        try {
            drop();
        } finally {
            released = new CountDownLatch(1);
            ending = false;
        }
    }

    /**
     * Drops the fd and ends the anchor: the mount namespace ends with the last thread still in it. Waits up to
     * {@link NamespaceThread#END_TIMEOUT_MILLIS} until the maker's kernel task is gone.
     */
    @Override
    public synchronized void close() {
        closing = true;
        drop();
    }

    private void drop() {
        released.countDown();
        if (fd < 0) {
            return;
        }
        int f = fd;
        fd = -1;
        Native.close(f);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NamespaceThread.END_TIMEOUT_MILLIS);
        try {
            maker.join(NamespaceThread.END_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Thread t = maker;
        maker = null;
        Path task = Path.of("/proc/self/task/" + makerTid);
        while (Files.exists(task) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000L);
        }
        if (Files.exists(task)) {
            throw new IllegalStateException("thread " + t.getName() + ", which keeps the view of /sys and /proc/net,"
                    + " did not end within " + NamespaceThread.END_TIMEOUT_MILLIS / 1000 + " s; it keeps the namespace"
                    + " alive");
        }
    }
}
