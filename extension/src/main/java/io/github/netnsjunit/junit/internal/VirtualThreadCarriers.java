package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.JvmNamespace;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Internal: makes the JDK's virtual-thread scheduler's threads, and its delay threads, in the JVM's own network
 * namespace, before a test's namespace thread could make them. A virtual thread's system calls run on its carrier's kernel task, so its sockets
 * are in the carrier's namespace; carriers ({@code ForkJoinPool-1-worker-N}), the timer threads
 * ({@code VirtualThread-unblocker} on JDK 21, the pool's {@code delayScheduler} on 25) and the I/O pollers are made
 * lazily, by whichever thread first needs them, and a thread is born in its creator's namespace. Left alone, the
 * first virtual thread of the JVM started from a test's namespace thread makes them there (checked on JDK 25: all
 * four stayed in the test's namespace, kept it alive and carried later tests' virtual threads into it).
 *
 * <p>So, on JDK 21+, {@link #warm()} starts as many virtual threads as the scheduler has carriers, keeps each busy
 * until all run at once (so that every carrier exists), lets one sleep (timer threads) and one wait on a loopback
 * socket (pollers), from a thread in the JVM's namespace. Idle carriers end after the scheduler's keep-alive (30 s
 * in JDK 21 to 25), so the warming is repeated before a namespace runs code when the last one is older than
 * {@link #FRESH_NANOS}; and a keeper thread of ours, in the JVM's namespace, warms it again every
 * {@link #KEEP_NANOS}, so that no carrier is ever idle for the keep-alive. The JDK gives no other way: in JDK 21 to
 * 25 {@code VirtualThread.createDefaultScheduler} fixes the pool's thread factory ({@code CarrierThread::new}), its
 * core size (0) and keep-alive (30 s); only parallelism, maximum pool size and minimum runnable are read from
 * {@code jdk.virtualThreadScheduler.*} properties. With all {@code parallelism} carriers alive, the pool makes no
 * new one when work is submitted (it wakes an idle one); extra carriers that compensate for a pinned virtual thread
 * are made by the blocking carrier itself, so in its namespace. A carrier can still be born in a test's namespace
 * only if a warming could not run every carrier at once within its bound (a machine so loaded that some carrier got
 * no CPU for half a second, three times in a row); the leftover-thread check then names it.
 */
public final class VirtualThreadCarriers {
    /** How long a warming counts (the scheduler's keep-alive, 30 s, minus a margin for a long test). */
    static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(15);

    /** How often the keeper warms the scheduler: well inside the keep-alive (30 s). */
    static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Method START = startMethod();
    /** Whether the keeper thread was started: once per JVM, it runs for the JVM's life. */
    private static final AtomicBoolean KEEPER = new AtomicBoolean();
    /** When the last warming ended (System.nanoTime), or 0: process-wide, as the scheduler is. */
    private static final AtomicLong WARMED_AT = new AtomicLong();
    /** Whether the delay threads were started: once per JVM (they do not end when idle). */
    private static final AtomicBoolean DELAYERS =
            new AtomicBoolean();

    private VirtualThreadCarriers() {
    }

    private static Method startMethod() {
        try {
            return Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException beforeJava21) {
            return null;
        }
    }

    /**
     * Starts the JDK's delay threads once per JVM from its namespace: {@code CompletableFuture.delayedExecutor}'s
     * ({@code CompletableFutureDelayScheduler} up to JDK 24, a thread that never ends) and, on JDK 25, the common
     * pool's {@code delayScheduler}, which that executor then uses. Both are made by the first caller.
     */
    static void startDelayThreads() {
        if (!DELAYERS.compareAndSet(false, true)) {
            return;
        }
        try {
            JvmNamespace.call(() -> {
                CompletableFuture<Void> done = new CompletableFuture<>();
                // Runnable::run: the delayed task runs on the delay thread itself. With the default executor it would
                // be handed to the common pool and make its first worker here (seen on JDK 25), which is not ours to
                // make: the pool's workers are the business of its thread factory (CommonPoolThreadFactory)
                CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS, Runnable::run)
                        .execute(() -> done.complete(null));
                done.get(5, TimeUnit.SECONDS);
                return null;
            });
        } catch (Throwable t) {
            System.getLogger(VirtualThreadCarriers.class.getName()).log(System.Logger.Level.DEBUG,
                    "netns-junit: could not start the JDK's delay threads in the JVM's namespace", t);
        }
    }

    /**
     * Warms the scheduler unless it was warmed in the last {@link #FRESH_NANOS} (nothing before Java 21), and starts
     * the delay threads ({@link #startDelayThreads()}) once.
     */
    public static void ensureWarm() {
        startDelayThreads();
        long at = WARMED_AT.get();
        if (START == null || (at != 0 && System.nanoTime() - at < FRESH_NANOS)) {
            return;
        }
        warm();
    }

    /** Warms the scheduler from the JVM's namespace; never throws (a failure only leaves the JDK's default). */
    public static synchronized void warm() {
        startDelayThreads();
        if (START == null) {
            return;
        }
        try {
            JvmNamespace.call(() -> {
                warmHere();
                startKeeper();
                return null;
            });
            WARMED_AT.set(System.nanoTime());
        } catch (Throwable t) {
            System.getLogger(VirtualThreadCarriers.class.getName()).log(System.Logger.Level.DEBUG,
                    "netns-junit: could not start the virtual-thread scheduler's threads in the JVM's namespace", t);
        }
    }

    /**
     * Starts, once, a daemon platform thread that warms the scheduler every {@link #KEEP_NANOS}; called on a thread
     * in the JVM's namespace, so the keeper, and the carriers it makes, are born there.
     */
    private static void startKeeper() {
        if (!KEEPER.compareAndSet(false, true)) {
            return;
        }
        Thread keeper = new Thread(() -> {
            while (true) {
                LockSupport.parkNanos(KEEP_NANOS);
                warm();
            }
        }, "nsj-virtual-thread-keeper");
        keeper.setDaemon(true);
        keeper.start();
    }

    private static void warmHere() throws Exception {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        AtomicInteger running = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < carriers; i++) {
            started.add((Thread) START.invoke(null, (Runnable) () -> {
                running.incrementAndGet();
                // stay on the carrier (no blocking call) until every carrier has a virtual thread
                while (running.get() < carriers && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }));
        }
        started.add((Thread) START.invoke(null, (Runnable) () -> {
            try {
                Thread.sleep(1); // a timed park: the scheduler's timer thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        started.add((Thread) START.invoke(null, (Runnable) VirtualThreadCarriers::pollOnce));
        for (Thread t : started) {
            t.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 1000);
        }
    }

    /** A blocking accept on a loopback socket, which times out at once: the JDK's I/O pollers. */
    private static void pollOnce() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(1);
            s.accept().close();
        } catch (SocketTimeoutException expected) {
            // the poller has been asked to wait for it
        } catch (IOException e) {
            // no loopback (lo down in a namespace nobody brought up): the pollers are made later
        }
    }
}
