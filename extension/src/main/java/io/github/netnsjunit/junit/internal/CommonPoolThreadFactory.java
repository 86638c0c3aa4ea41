package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.resolver.LiveNames;
import io.github.netnsjunit.netlink.ns.JvmNamespace;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Internal: the thread factory of the common {@link ForkJoinPool}, installed by {@link CommonPoolSetup} (system
 * property {@value CommonPoolSetup#PROPERTY}), whose workers live in the JVM's own network and mount namespaces
 * wherever they were started.
 *
 * <p>Why a factory that only builds the thread is not enough: a Linux thread starts in the namespaces of the thread
 * that calls {@code Thread.start()}, and the pool calls it from whichever thread submits work when it needs a
 * worker — a test's namespace thread, for a parallel stream in an {@code @InNamespace} body. Such a worker would
 * stay in that namespace for good, keep it alive after the test, and run later, unrelated tests' work there. So each
 * worker, first thing in {@link ForkJoinWorkerThread#onStart()}, moves itself into the JVM's namespaces
 * ({@link JvmNamespace#enter()}: setns(2) on fds of {@code /proc/self/ns/net} and {@code /proc/self/ns/mnt}).
 * Work a namespace thread hands to the pool therefore runs outside the namespace — see
 * {@link CommonPoolThreads#explanation(Thread)} for the words used to say so.
 *
 * <p>Public only because the JDK instantiates it by name, with the system class loader.
 */
public final class CommonPoolThreadFactory implements ForkJoinPool.ForkJoinWorkerThreadFactory {
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** Called by {@link ForkJoinPool} when it creates the common pool. */
    public CommonPoolThreadFactory() {
    }

    @Override
    public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
        return new Worker(pool);
    }

    /** A worker that enters the JVM's namespaces before it runs any task. */
    static final class Worker extends ForkJoinWorkerThread {
        private volatile boolean atHome;

        Worker(ForkJoinPool pool) {
            super(pool);
            // as the JDK's own common-pool workers: not the class loader of whichever thread made the pool grow
            setContextClassLoader(ClassLoader.getSystemClassLoader());
        }

        @Override
        protected void onStart() {
            super.onStart();
            try {
                JvmNamespace.enter();
                // it serves every test from now on: drop the host-name tie inherited from the thread that made it
                LiveNames.untieCurrentThread();
                atHome = true;
            } catch (RuntimeException | LinkageError e) {
                if (WARNED.compareAndSet(false, true)) {
                    System.getLogger(CommonPoolThreadFactory.class.getName()).log(System.Logger.Level.WARNING,
                            "netns-junit: common-pool worker " + getName() + " could not move to the JVM's own"
                                    + " namespaces (" + e + "); it stays in the namespace it was started from.", e);
                }
            }
        }

        /** True once the worker is in the JVM's namespaces (from before its first task on). */
        boolean atHome() {
            return atHome;
        }
    }
}
