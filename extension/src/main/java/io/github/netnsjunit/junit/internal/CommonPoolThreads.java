package io.github.netnsjunit.junit.internal;

import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Internal: tells whether a thread is a worker of the common {@link ForkJoinPool} that lives in the JVM's own
 * namespace (see {@link CommonPoolThreadFactory}), and says so in words, for failure explanations: code that an
 * {@code @InNamespace} body handed to the pool (parallel streams, {@code CompletableFuture.*Async}) ran there, not
 * in the test's namespace.
 */
public final class CommonPoolThreads {
    private CommonPoolThreads() {
    }

    /**
     * True if {@code thread} is a common-pool worker made by {@link CommonPoolThreadFactory} that has entered the
     * JVM's own namespaces. A worker of the JDK's default factory (the pool was created before netns-junit could
     * install its own, see {@link CommonPoolSetup}) gives false: it lives wherever it was started.
     */
    public static boolean isCommonPoolWorkerInJvmNamespace(Thread thread) {
        return thread instanceof CommonPoolThreadFactory.Worker w && w.getPool() == ForkJoinPool.commonPool()
                && w.atHome();
    }

    /** True if {@code thread} is a worker of the common pool, whichever factory made it. */
    public static boolean isCommonPoolWorker(Thread thread) {
        return thread instanceof ForkJoinWorkerThread w && w.getPool() == ForkJoinPool.commonPool();
    }

    /**
     * For a common-pool worker in the JVM's namespace: {@code this ran on ForkJoinPool.commonPool-worker-1, which is
     * in the JVM's own namespace}, followed by why and what to do instead; empty for any other thread.
     */
    public static Optional<String> explanation(Thread thread) {
        if (!isCommonPoolWorkerInJvmNamespace(thread)) {
            return Optional.empty();
        }
        return Optional.of("this ran on " + thread.getName() + ", which is in the JVM's own namespace: work handed"
                + " to the common ForkJoin pool (parallel streams, CompletableFuture.*Async without an executor) runs"
                + " outside the test's namespace. Run it on an executor created inside the namespace and shut down"
                + " before the test ends, or through NetNs.call.");
    }
}
