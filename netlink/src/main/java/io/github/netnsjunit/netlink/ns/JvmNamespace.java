package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs work in the JVM's own network namespace (that of its thread-group leader) from any thread. Work that
 * makes the JDK start pooled threads — forking a process starts the "process reaper" — must not run on a thread
 * inside a test namespace, or those threads stay there and keep the namespace alive.
 */
public final class JvmNamespace {
    private JvmNamespace() {
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
            setnsTo("/proc/self/ns/net", Native.CLONE_NEWNET);
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

    /** True if the calling thread is in the JVM's namespace of that type ({@code net}, {@code mnt}). */
    static boolean sameAsProcess(String type) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/" + type))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)));
        } catch (IOException e) {
            return false;
        }
    }
}
