package io.github.netnsjunit.junit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Internal: recognises the threads that client libraries make for themselves and share across the JVM — born lazily
 * in whatever namespace first used the library, here a test's — and says what each is and the fix that works for
 * it. A thread counts as a library's only when its name matches and there is evidence it is the library's: a frame of
 * the library's classes on its stack, or the library's thread class (Netty's {@code FastThreadLocalThread}, the
 * JDK's {@code CarrierThread}). An idle pool worker shows only the JDK's pool frames; for those the library's
 * marker class must be loaded in the JVM as well. A thread that only borrows a name is not excused.
 *
 * <p>Shared threads cannot be shut down by the test (they are the library's, and the next test would get them
 * back), so their fix is the recommended style: clients made and used on JUnit's thread in {@code host} with
 * {@code netns.junit.jvmNamespace=private} (or sealed test JVMs), where the library's threads are born in a
 * namespace that lives as long as the JVM. Threads that end by themselves within a second or two after their last
 * use (Netty's global executor, gRPC's shared resources) are waited for before the check decides.
 */
final class LibraryThreads {
    /** The fix for threads a library shares across the JVM. */
    static final String RECOMMENDED_STYLE = "Fix: make and use the client on JUnit's thread in host with"
            + " -Dnetns.junit.jvmNamespace=private (or in sealed test JVMs, -Psealed), so the library's threads are"
            + " born in the JVM's own namespace, which is the test's network there and outlives every test; not"
            + " inside @InNamespace or NetNs.call.";

    /** What is known about one kind of library thread. */
    record Known(String library, Pattern name, List<String> framePrefixes, String threadClassPrefix,
            String loadedMarker, String what, String fix, Duration endsAlone) {
        boolean matches(Thread thread, String threadName, StackTraceElement[] stack) {
            if (!name.matcher(threadName).matches()) {
                return false;
            }
            boolean frame = Arrays.stream(stack).anyMatch(f -> framePrefixes.stream()
                    .anyMatch(p -> f.getClassName().startsWith(p)));
            boolean threadClass = threadClassPrefix != null && thread != null
                    && classChain(thread.getClass()).stream().anyMatch(c -> c.startsWith(threadClassPrefix));
            boolean pooled = loadedMarker != null && Arrays.stream(stack)
                    .anyMatch(f -> f.getClassName().startsWith("java.util.concurrent.ThreadPoolExecutor"))
                    && loaded(loadedMarker, thread);
            return frame || threadClass || pooled;
        }
    }

    private static final String NETTY_THREAD = "io.netty.util.concurrent.FastThreadLocalThread";
    private static final String SHADED_NETTY_THREAD = "io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread";

    static final List<Known> KNOWN = List.of(
        new Known("OkHttp", Pattern.compile("OkHttp ConnectionPool"), List.of("okhttp3."), null, null,
                "OkHttp 3's connection-pool cleanup thread, shared by the clients of one ConnectionPool (the default"
                        + " pool is per client); it ends once the pool is empty",
                "Fix: evict the pool (client.connectionPool().evictAll()) at the end of the test, or "
                        + RECOMMENDED_STYLE.substring("Fix: ".length()), Duration.ZERO),
        new Known("OkHttp", Pattern.compile("OkHttp TaskRunner|OkHttp .*"), List.of("okhttp3."), null,
                "okhttp3.OkHttpClient",
                "a thread of OkHttp's shared task runner or dispatcher (connects with fast fallback, connection-pool"
                        + " cleanup, async calls), shared by every OkHttpClient of the JVM; it stays up to 60 s idle"
                        + " and is reused by the next call, which would then connect from this namespace",
                RECOMMENDED_STYLE, Duration.ZERO),
        new Known("Okio", Pattern.compile("Okio Watchdog"), List.of("okio."), null, null,
                "Okio's timeout watchdog (AsyncTimeout), one per JVM, started by the first socket read or write with"
                        + " a timeout; it ends 60 s after the last timeout it watched",
                RECOMMENDED_STYLE, Duration.ZERO),
        new Known("reactor-netty", Pattern.compile("reactor-http-(epoll|nio|kqueue|io_uring)-\\d+"),
                List.of("io.netty.", "reactor.netty."), NETTY_THREAD, null,
                "an event loop of reactor-netty's global LoopResources (HttpClient.create(), Spring WebClient), shared"
                        + " by every client of the JVM: later connects run on it, from this namespace",
                RECOMMENDED_STYLE + " (A client with loops of its own, HttpClient.create().runOn(LoopResources"
                        + ".create(...)), ends them with loops.disposeLater().block().)", Duration.ZERO),
        new Known("Reactor", Pattern.compile("(parallel|boundedElastic|single|boundedElastic-evictor)-\\d+"),
                List.of("reactor.core.scheduler."), "reactor.core.scheduler.", "reactor.core.scheduler.Schedulers",
                "a worker of one of Reactor's shared Schedulers (Schedulers.parallel(), boundedElastic(): retries,"
                        + " delays, timeouts), shared by the whole JVM",
                RECOMMENDED_STYLE, Duration.ZERO),
        new Known("Netty", Pattern.compile("globalEventExecutor-\\d+-\\d+"),
                List.of("io.netty.util.concurrent.GlobalEventExecutor"), null, null,
                "Netty's GlobalEventExecutor thread (channel-group and resolver housekeeping), one per JVM; it ends"
                        + " about 1 s after its last task",
                "Fix: wait for it (GlobalEventExecutor.INSTANCE.awaitInactivity(...)) after closing the channels"
                        + " and resolvers, or " + RECOMMENDED_STYLE.substring("Fix: ".length()),
                Duration.ofMillis(1500)),
        new Known("Netty", Pattern.compile("(nio|epoll|kqueue|ioUring|multiThreadIo|defaultEventLoop)EventLoopGroup-\\d+-\\d+"),
                List.of("io.netty."), NETTY_THREAD, null,
                "an event loop of a Netty EventLoopGroup",
                "Fix: shut the group down before the test ends (group.shutdownGracefully(0, 1, SECONDS).sync()); a"
                        + " group a library shares: " + RECOMMENDED_STYLE.substring("Fix: ".length()), Duration.ZERO),
        new Known("gRPC", Pattern.compile("grpc-default-executor-\\d+|grpc-nio-worker-ELG-\\d+-\\d+"
                + "|grpc-(default|nio|epoll)-(worker|boss)-ELG-\\d+-\\d+|grpc-shared-destroyer-\\d+|grpc-timer-\\d+"),
                List.of("io.grpc."), SHADED_NETTY_THREAD, "io.grpc.ManagedChannel",
                "a thread of gRPC's shared resources (default executor, shared Netty event loops, timer), shared by"
                        + " every channel and server of the JVM and destroyed 1 s after the last one that uses it is"
                        + " shut down",
                "Fix: shut the channels and servers down (shutdown() and awaitTermination()) before the test ends, so"
                        + " the shared resources go 1 s later; shared across tests: "
                        + RECOMMENDED_STYLE.substring("Fix: ".length()), Duration.ofMillis(2000)),
        new Known("Lettuce", Pattern.compile("lettuce-.*"), List.of("io.lettuce.", "io.netty."), NETTY_THREAD, null,
                "a thread of Lettuce's ClientResources (event loops, event executors, timer)",
                "Fix: end the client with client.shutdown() (it shuts down the ClientResources it made itself; shared"
                        + " ClientResources need resources.shutdown()); resources shared across tests: "
                        + RECOMMENDED_STYLE.substring("Fix: ".length()), Duration.ZERO),
        new Known("virtual threads", Pattern.compile("ForkJoinPool-\\d+-worker-\\d+"), List.of("java.lang.VirtualThread"),
                "jdk.internal.misc.CarrierThread", null,
                "a carrier thread of the JDK's virtual-thread scheduler, shared by every virtual thread of the JVM:"
                        + " a carrier born here runs later virtual threads in this namespace",
                "Fix: start the first virtual thread of the JVM outside any test namespace — "
                        + RECOMMENDED_STYLE.substring("Fix: ".length()), Duration.ZERO),
        new Known("virtual threads", Pattern.compile("VirtualThread-unparker"), List.of("java.lang.VirtualThread"),
                "jdk.internal.misc.InnocuousThread", null,
                "the JDK's timer for virtual threads (sleep and timed park), one per JVM",
                RECOMMENDED_STYLE, Duration.ZERO));

    private LibraryThreads() {
    }

    /** What this thread is, if it is a known library thread. */
    static Optional<Known> recognise(Thread thread, String name, StackTraceElement[] stack) {
        return KNOWN.stream().filter(k -> k.matches(thread, name, stack)).findFirst();
    }

    /** The failure sentence part for one library thread. */
    static String explain(LeftoverThreads.Leftover t, Known k) {
        return "thread " + t.describe() + " is " + k.library() + "'s: " + k.what() + ". It keeps the namespace"
                + " alive, and the library's later work (in this test and in later ones) would run in it. " + k.fix();
    }

    private static List<String> classChain(Class<?> c) {
        List<String> names = new ArrayList<>();
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            names.add(k.getName());
        }
        return names;
    }

    private static boolean loaded(String className, Thread thread) {
        ClassLoader[] loaders = {thread == null ? null : thread.getContextClassLoader(),
                LibraryThreads.class.getClassLoader(), ClassLoader.getSystemClassLoader()};
        for (ClassLoader l : loaders) {
            if (l == null) {
                continue;
            }
            try {
                Class.forName(className, false, l);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // not there
            }
        }
        return false;
    }
}
