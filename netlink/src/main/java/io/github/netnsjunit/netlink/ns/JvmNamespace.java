package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.sys.Native;
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

    /** True if the calling thread is in the JVM's own network namespace. */
    public static boolean isCurrent() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net"))
                    .equals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
        } catch (IOException e) {
            return false;
        }
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
            int home = Native.openReadOnly("/proc/self/ns/net");
            try {
                Native.setns(home, Native.CLONE_NEWNET);
            } finally {
                Native.close(home);
            }
            return task.call();
        });
    }
}
