package io.github.netnsjunit.junit.internal;

import java.util.List;
import java.util.Optional;

/**
 * Internal: recognises a test failure that was thrown on a worker of the common ForkJoin pool — work a test handed
 * to parallel streams, {@code ForkJoinPool.commonPool()} or {@code CompletableFuture.*Async} without an executor —
 * and says that this code ran in the JVM's own namespace, not the test's. The evidence is in the failure itself: an
 * exception made on a pool worker carries the worker's run loop at the bottom of its stack.
 */
public final class PoolEscape {
    private static final String WORKER_RUN = "java.util.concurrent.ForkJoinWorkerThread";

    private PoolEscape() {
    }

    /**
     * The explanation, when some exception of the failure (its {@link FailureParts}: causes and suppressed) was thrown
     * on a pool worker.
     */
    public static Optional<String> explain(List<Throwable> failureParts) {
        for (Throwable t : failureParts) {
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = stack.length - 1; i >= 0 && i >= stack.length - 4; i--) {
                if (WORKER_RUN.equals(stack[i].getClassName()) && "run".equals(stack[i].getMethodName())) {
                    return Optional.of("part of this failure (" + t.getClass().getName() + ": " + t.getMessage()
                            + ") was thrown on a worker of the common ForkJoin pool (a ForkJoinPool.commonPool-worker"
                            + " thread), which is in the JVM's own namespace, not in the test's: work handed to the"
                            + " common pool (parallel streams, ForkJoinPool.commonPool(), CompletableFuture.*Async"
                            + " without an executor) runs outside the namespace. Run it on an executor created inside"
                            + " the namespace (and shut down before the test ends), or through NetNs.call.");
                }
            }
        }
        return Optional.empty();
    }
}
