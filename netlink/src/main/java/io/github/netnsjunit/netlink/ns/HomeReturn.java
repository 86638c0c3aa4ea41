package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs work that moves the calling thread into other network namespaces (unshare or setns), and brings the thread
 * back to the namespace it started in before returning.
 *
 * <p>A platform thread does the work itself: handing it to another thread and back costs two thread wake-ups, more
 * than what is usually done away from home (opening sockets). A virtual thread must never change namespace (its
 * carrier would), so it hands the work to a short-lived platform thread that ends with it and pins nothing.
 */
final class HomeReturn {
    private HomeReturn() {
    }

    /**
     * Runs {@code work} and returns its result with the calling thread back home. If the thread cannot return, the
     * result is passed to {@code discard} and an {@link IllegalStateException} naming {@code what} is thrown
     * ({@code what} is built only then: it is not worth a string on the fast path).
     */
    static <T> T run(Supplier<String> what, Supplier<T> work, Consumer<T> discard) {
        if (isVirtual(Thread.currentThread())) {
            try {
                return OneShotThread.call("netlink-ns-worker", () -> run(what, work, discard));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(what.get() + " failed", t);
            }
        }
        int home = Native.currentNetworkNamespace();
        T result = null;
        try {
            result = work.get();
        } finally {
            try {
                Native.setns(home, Native.CLONE_NEWNET);
            } catch (RuntimeException e) {
                if (result != null) {
                    discard.accept(result);
                }
                throw new IllegalStateException("thread " + Thread.currentThread().getName()
                        + " could not return to its network namespace after " + what.get(), e);
            } finally {
                Native.close(home);
            }
        }
        return result;
    }

    /** Thread.isVirtual() exists from Java 21 on; this library runs on 17. */
    static boolean isVirtual(Thread t) {
        return t.getClass().getName().equals("java.lang.VirtualThread");
    }
}
