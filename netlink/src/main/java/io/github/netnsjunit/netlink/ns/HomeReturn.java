package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.sys.Native;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
            return onShortLivedThread(what, () -> run(what, work, discard));
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

    private static <T> T onShortLivedThread(Supplier<String> what, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "netlink-ns-worker");
        worker.setDaemon(true);
        worker.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // the worker cannot be abandoned half-way: it may hold namespaces that only it can close
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(what.get() + " failed", cause);
                }
            }
        } finally {
            joinUninterruptibly(worker);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
