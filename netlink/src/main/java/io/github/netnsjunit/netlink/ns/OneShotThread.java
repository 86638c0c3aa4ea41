package io.github.netnsjunit.netlink.ns;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs one task on a new platform thread and waits for it: for work that must not happen on the calling thread
 * (a virtual thread must never change namespace; a thread inside a test namespace must not fork). The thread ends
 * with the task, so it pins nothing, and the caller waits until it has ended, even when interrupted (the work may
 * hold namespaces that only it can close); the interrupt is kept for the caller.
 */
final class OneShotThread {
    private OneShotThread() {
    }

    /** Runs {@code task} on a new daemon thread named {@code name}; its exception is rethrown unchanged. */
    static <T> T call(String name, NamespaceThread.Task<T> task) throws Throwable {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        worker.setDaemon(true);
        worker.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            }
        } finally {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
