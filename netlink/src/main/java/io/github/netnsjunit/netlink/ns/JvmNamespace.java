package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs work in the JVM's own network namespace from any thread. Work that makes the JDK start pooled threads —
 * forking a process starts the "process reaper" — must not run on a thread inside a test namespace, or those threads
 * stay there and keep the namespace alive.
 *
 * <p>The JVM's network namespace is that of its thread-group leader ({@code /proc/self/ns/net}), unless
 * {@link #makePrivate()} gave the JVM a private one: then it is that namespace, held by a file descriptor for the
 * JVM's life. The choice is a property of the process (as the namespace of its threads is), made once, so it is
 * kept in one place here rather than passed around.
 */
public final class JvmNamespace {
    /** The private namespace made by {@link #makePrivate()}, or {@code null} while the leader's is the JVM's. */
    private static volatile Private home;

    /**
     * A namespace made by {@link #makePrivate()}: an fd that keeps it alive and its {@code net:[inode]} name; and the
     * mount namespace with its view of {@code /proc/net} and {@code /sys} (fd -1, link null where it could not be
     * made).
     */
    private record Private(int fd, String link, int mntFd, String mntLink) {
    }

    private JvmNamespace() {
    }

    /**
     * Makes a fresh network namespace the JVM's own: the calling platform thread unshares into it (so every thread
     * it starts from now on is born there), and from then on {@link #enter()}, {@link #call} and {@link #isCurrent()}
     * mean that namespace, not the thread-group leader's. Called once, on the thread that will run the tests, before
     * they run; a second call from a thread already in that namespace does nothing. The new namespace has {@code lo}
     * down, as every new namespace; bringing it up is the caller's job. Threads that existed before stay where they
     * are. Needs CAP_SYS_ADMIN over the JVM's user namespace ({@code EPERM} otherwise).
     *
     * @return true if this call made the namespace, false if the calling thread was in it already
     * @throws IllegalStateException if another thread made the JVM's namespace private already
     */
    public static synchronized boolean makePrivate() {
        Private current = home;
        if (current != null) {
            if (current.link().equals(threadLink("net"))) {
                return false;
            }
            throw new IllegalStateException("the JVM's network namespace was made private already (" + current.link()
                    + "), from another thread than " + Thread.currentThread().getName() + ", which is in "
                    + threadLink("net"));
        }
        if (HomeReturn.isVirtual(Thread.currentThread())) {
            throw new IllegalStateException("a virtual thread cannot change namespace (its carrier would)");
        }
        Native.unshareNetwork();
        int fd = Native.openReadOnly("/proc/thread-self/ns/net");
        // The JDK reads IPv6 addresses (NetworkInterface) from /proc/net/if_inet6, and /proc/net leads to the
        // thread-group leader's namespace, the machine's; a sysfs shows the namespace of whoever mounted it. So the
        // thread also gets the view a namespace thread gets (NamespaceMounts): /proc/<pid>/net and /sys of the
        // private namespace, in a mount namespace of its own that the threads it starts inherit. Without it (no
        // CAP_SYS_ADMIN over the mount namespace) only those files keep showing the machine's namespace.
        int mntFd = -1;
        String mntLink = null;
        try {
            NamespaceMounts.enter();
            mntFd = Native.openReadOnly("/proc/thread-self/ns/mnt");
            mntLink = threadLink("mnt");
        } catch (SyscallException e) {
            System.getLogger(JvmNamespace.class.getName()).log(System.Logger.Level.DEBUG, "no private view of"
                    + " /proc/net and /sys for the JVM's private network namespace", e);
        }
        home = new Private(fd, threadLink("net"), mntFd, mntLink);
        return true;
    }

    /** True once {@link #makePrivate()} made the JVM's namespace a private one. */
    public static boolean isPrivate() {
        return home != null;
    }

    /** The JVM's network namespace as {@code net:[inode]}: the private one, or the thread-group leader's. */
    public static String link() {
        Private current = home;
        if (current != null) {
            return current.link();
        }
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read /proc/self/ns/net", e);
        }
    }

    private static String threadLink(String type) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/" + type)).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read /proc/thread-self/ns/" + type, e);
        }
    }

    /**
     * True if the calling thread is in the JVM's own network namespace, and not in a namespace thread's private view
     * of {@code /sys} and {@code /proc/net} (see {@link NamespaceThread}).
     */
    public static boolean isCurrent() {
        return sameAsProcess("net") && (sameAsProcess("mnt") || !NamespaceMounts.isView());
    }

    /**
     * Runs {@code task} directly if the calling thread is in the JVM's namespace, otherwise on a short-lived platform
     * thread that enters it first (a new thread starts in its creator's namespace). Exceptions are rethrown as is.
     */
    public static <T> T call(NamespaceThread.Task<T> task) throws Throwable {
        if (isCurrent()) {
            return task.call();
        }
        return OneShotThread.call("netlink-jvm-namespace", () -> {
            // a fork here must not inherit a namespace thread's private mount namespace either: the JDK's process
            // reaper would live in it, and its sysfs mount holds the test's network namespace
            enter();
            return task.call();
        });
    }

    /**
     * Moves the calling platform thread, for good, into the JVM's own network namespace and, when it is in another
     * mount namespace (a namespace thread's private view, which the threads it starts inherit, see
     * {@link NamespaceThread}), into the JVM's mount namespace, in the JVM's working directory. For threads that
     * were started inside a namespace but must live outside it (pool workers, helpers that fork). Does nothing
     * where the thread already is at home.
     */
    public static void enter() {
        if (!sameAsProcess("net")) {
            Private current = home;
            if (current != null) {
                Native.setns(current.fd(), Native.CLONE_NEWNET);
            } else {
                setnsTo("/proc/self/ns/net", Native.CLONE_NEWNET);
            }
        }
        Private current = home;
        if (current != null && current.mntFd() >= 0 && !sameAsProcess("mnt")) {
            // the private namespace's view (see makePrivate); same fs_struct caveat as below
            Native.unshare(Native.CLONE_FS);
            Native.setns(current.mntFd(), Native.CLONE_NEWNS);
            Native.chdir("/proc/self/cwd");
            return;
        }
        if (!sameAsProcess("mnt")) {
            // setns(CLONE_NEWNS) fails with EINVAL while the thread shares its fs_struct (root, working directory)
            // with another thread, here the namespace thread that started it: take a copy first
            Native.unshare(Native.CLONE_FS);
            try {
                setnsTo("/proc/self/ns/mnt", Native.CLONE_NEWNS);
                // setns(CLONE_NEWNS) moves the thread to the namespace's root directory; the leader's is the JVM's
                Native.chdir("/proc/self/cwd");
            } catch (SyscallException e) {
                if (e.errno() != Errno.EPERM) {
                    throw e;
                }
                // The JVM's mount namespace belongs to a user namespace above ours (a JVM started with
                // `unshare --user --map-root-user --net`, without --mount), so there is no way back into it
                // [checked on Linux 6.18]: undo a namespace thread's view in a private copy instead, which then
                // holds nothing of the namespace; any other mount namespace is not ours to change
                if (NamespaceMounts.isView()) {
                    NamespaceMounts.leave();
                }
            }
        }
    }

    private static void setnsTo(String path, int type) {
        int fd = Native.openReadOnly(path);
        try {
            Native.setns(fd, type);
        } finally {
            Native.close(fd);
        }
    }

    /**
     * True if the calling thread is in the JVM's namespace of that type ({@code net}, {@code mnt}); for {@code net},
     * the private one once {@link #makePrivate()} made it.
     */
    static boolean sameAsProcess(String type) {
        Private current = home;
        String own = current == null ? null : type.equals("net") ? current.link()
                : type.equals("mnt") ? current.mntLink() : null;
        if (own != null) {
            try {
                return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/" + type)).toString().equals(own);
            } catch (IOException e) {
                return false;
            }
        }
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/" + type))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)));
        } catch (IOException e) {
            return false;
        }
    }
}
