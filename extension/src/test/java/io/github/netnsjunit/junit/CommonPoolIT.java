package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.testing.Kernel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.netnsjunit.junit.internal.CommonPoolSetup;
import io.github.netnsjunit.junit.internal.CommonPoolThreadFactory;
import io.github.netnsjunit.junit.internal.CommonPoolThreads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The common ForkJoin pool never carries a namespace: its workers live in the JVM's own namespace even when the
 * pool grows from inside a test's namespace, so work an {@code @InNamespace} body hands to it runs outside (and is
 * said to), no worker keeps a dead namespace alive, and a later test's pool work never runs in an earlier test's
 * namespace. Where each piece ran is read from {@code /proc/thread-self/ns/net}, compared with the inode of the
 * namespace's own path.
 */
@NetNamespace("ns1")
class CommonPoolIT {
    private static final String WORKER = "ForkJoinPool.commonPool-worker-";

    @Test
    void theCommonPoolUsesTheFactoryInstalledWhenTheLauncherSessionOpened() {
        assertThat(System.getProperty(CommonPoolSetup.PROPERTY)).isEqualTo(CommonPoolThreadFactory.class.getName());
        assertThat(ForkJoinPool.commonPool().getFactory()).isInstanceOf(CommonPoolThreadFactory.class);
    }

    @Test
    @InNamespace("ns1")
    void aParallelStreamRunsOnTheNamespaceThreadInsideAndOnPoolWorkersInTheJvmsNamespace(NetNs ns1) {
        String inside = Kernel.inode(ns1.path());
        String host = Kernel.hostNamespace();
        String self = Thread.currentThread().getName();
        List<String[]> pieces = slowParallelPieces();
        System.out.println("[common pool] parallel stream pieces: " + pieces.stream().map(p -> p[0] + "@" + p[1]).distinct().toList());
        assertThat(pieces).allSatisfy(p -> {
            if (p[0].equals(self)) {
                assertThat(p[1]).as("piece on the namespace thread").isEqualTo(inside);
                assertThat(p[3]).isEqualTo("view");
            } else {
                assertThat(p[0]).startsWith(WORKER);
                assertThat(p[1]).as("piece on " + p[0]).isEqualTo(host);
                assertThat(p[2]).as("mount namespace of " + p[0]).isEqualTo(Kernel.inode("/proc/self/ns/mnt"));
                assertThat(p[3]).isEqualTo("noview");
            }
        });
        assertThat(pieces).as("some pieces ran on pool workers").anyMatch(p -> p[0].startsWith(WORKER));
    }

    @Test
    @InNamespace("ns1")
    void supplyAsyncRunsOnAPoolWorkerInTheJvmsNamespaceOrOnAThreadOfItsOwnThatEnds(NetNs ns1) throws Exception {
        String inside = Kernel.inode(ns1.path());
        CompletableFuture<Thread> where = new CompletableFuture<>();
        String[] seen = CompletableFuture.supplyAsync(() -> {
            where.complete(Thread.currentThread());
            return new String[] {Thread.currentThread().getName(), Kernel.currentThreadNamespace()};
        }).get(10, TimeUnit.SECONDS);
        Thread thread = where.get();
        System.out.println("[common pool] supplyAsync ran on " + seen[0] + " in " + seen[1] + " (common pool parallelism "
                + ForkJoinPool.getCommonPoolParallelism() + ")");
        if (ForkJoinPool.getCommonPoolParallelism() > 1) {
            // the JDK uses the common pool for *Async only when its parallelism is above 1 (JDK 25: always)
            assertThat(seen[0]).startsWith(WORKER);
        }
        if (seen[0].startsWith(WORKER)) {
            assertThat(seen[1]).isEqualTo(Kernel.hostNamespace());
            assertThat(CommonPoolThreads.isCommonPoolWorkerInJvmNamespace(thread)).isTrue();
            assertThat(CommonPoolThreads.explanation(thread)).hasValue("this ran on " + seen[0] + ", which is in the"
                    + " JVM's own namespace: work handed to the common ForkJoin pool (parallel streams,"
                    + " CompletableFuture.*Async without an executor) runs outside the test's namespace. Run it on an"
                    + " executor created inside the namespace and shut down before the test ends, or through"
                    + " NetNs.call.");
        } else {
            // CompletableFuture's thread-per-task executor: started here, so inside, and gone when its task is
            assertThat(seen[1]).isEqualTo(inside);
            thread.join(5000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(CommonPoolThreads.explanation(thread)).isEmpty();
        }
        assertThat(CommonPoolThreads.explanation(Thread.currentThread())).isEmpty();
    }

    // ---------------------------------------------------------------- a fresh JVM: the pool's first worker

    static final Map<String, String> NAMESPACE = new ConcurrentHashMap<>();
    static final List<String> LINES = new CopyOnWriteArrayList<>();

    /** Two tests in turn, each in a new namespace; the first is the JVM's first use of the common pool. */
    @KitFixture
    @NetNamespace("ns0")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class FirstWorkerTestCase {
        @Test
        @Order(1)
        @InNamespace("ns0")
        void first(NetNs ns0) {
            NAMESPACE.put("first", Kernel.inode(ns0.path()));
            record("first");
        }

        @Test
        @Order(2)
        @InNamespace("ns0")
        void second(NetNs ns0) {
            NAMESPACE.put("second", Kernel.inode(ns0.path()));
            // tasks still in the first test's (dead) namespace, besides this thread should its inode be reused
            int self = Integer.parseInt(Path.of(Kernel.inode("/proc/thread-self")).getFileName().toString());
            LINES.add("LEFT second-start " + tasksIn(NAMESPACE.get("first"), self));
            record("second");
        }

        private static void record(String test) {
            for (String[] p : slowParallelPieces()) {
                LINES.add("PIECE " + test + " " + p[1] + " " + p[0].replace(' ', '_') + " " + p[2] + " " + p[3]);
            }
        }
    }

    /** Runs {@link FirstWorkerTestCase} in a launcher session (so the platform's session listeners run), prints. */
    public static void main(String[] args) throws Exception {
        java.util.logging.Logger setupLog = java.util.logging.Logger.getLogger(CommonPoolSetup.class.getName());
        setupLog.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                LINES.add("WARNING " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        if (List.of(args).contains("early")) {
            // something in the JVM uses the pool before the JUnit Platform opens its session
            LINES.add("EARLY " + CompletableFuture.supplyAsync(() -> "ran").join());
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(FirstWorkerTestCase.class))
                .configurationParameter(Kit.INSIDE_KIT, "true")
                .build();
        try (LauncherSession session = LauncherFactory.openSession()) {
            session.getLauncher().execute(request, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                    if (id.isTest()) {
                        LINES.add("RESULT " + id.getDisplayName() + " " + result.getStatus() + " "
                                + result.getThrowable()
                                        // JUnit wraps what closing the test's resources threw: report its cause
                                        .map(t -> t.getCause() instanceof TeardownException ? t.getCause() : t)
                                        .map(t -> String.valueOf(t.getMessage()).replace('\n', ' ')).orElse(""));
                    }
                }
            });
        }
        LINES.add("HOST " + Kernel.hostNamespace());
        LINES.add("HOSTMNT " + Kernel.inode("/proc/self/ns/mnt"));
        LINES.add("FACTORY " + ForkJoinPool.commonPool().getFactory().getClass().getName());
        LINES.add("LEFT end " + tasksIn(NAMESPACE.get("first"), -1) + " " + tasksIn(NAMESPACE.get("second"), -1));
        LINES.forEach(System.out::println);
    }

    @Test
    void aWorkerFirstStartedFromATestNamespaceLivesInTheJvmsAndNoLaterTestsWorkRunsInAnEarlierTestsNamespace()
            throws Exception {
        List<String> out = child();
        String host = value(out, "HOST");
        assertThat(value(out, "FACTORY")).isEqualTo(CommonPoolThreadFactory.class.getName());
        assertThat(out).contains("RESULT first(NetNs) SUCCESSFUL ", "RESULT second(NetNs) SUCCESSFUL ",
                "LEFT second-start 0", "LEFT end 0 0");
        List<String> workerPieces = out.stream().filter(l -> l.startsWith("PIECE ") && l.contains(WORKER)).toList();
        assertThat(workerPieces).as("pool work in both tests").anyMatch(l -> l.startsWith("PIECE first "))
                .anyMatch(l -> l.startsWith("PIECE second "));
        assertThat(workerPieces).allMatch(l -> l.split(" ")[2].equals(host), "ran in the JVM's namespace " + host);
        assertThat(workerPieces).allMatch(l -> l.split(" ")[4].equals(value(out, "HOSTMNT"))
                && l.split(" ")[5].equals("noview"), "ran in the JVM's mount namespace " + value(out, "HOSTMNT"));
    }

    /**
     * When something used the pool before the launcher session opened, the factory cannot be installed any more:
     * one warning says so and gives the fix, and the leftover check still catches the worker that stays behind.
     */
    @Test
    void aPoolCreatedBeforeTheSessionOpenedIsWarnedAboutOnceWithTheFix() throws Exception {
        List<String> out = child(List.of(), List.of(), List.of("early"));
        assertThat(out).contains("EARLY ran");
        assertThat(value(out, "FACTORY")).isNotEqualTo(CommonPoolThreadFactory.class.getName());
        assertThat(out.stream().filter(l -> l.startsWith("WARNING ")).toList()).containsExactly("WARNING netns-junit:"
                + " the common ForkJoin pool of this JVM was created before netns-junit could install its thread factory"
                + " (it uses " + value(out, "FACTORY") + "), so a pool worker first started from an @InNamespace test"
                + " stays in that test's namespace, keeps it alive and runs later tests' work there. Fix: start the"
                + " test JVM with -Djava.util.concurrent.ForkJoinPool.common.threadFactory="
                + "io.github.netnsjunit.junit.internal.CommonPoolThreadFactory (Maven: in the <argLine> of"
                + " maven-surefire-plugin and maven-failsafe-plugin).");
    }

    /**
     * A JVM sealed the laptop way without a mount namespace of its own ({@code unshare --user --map-root-user --net}):
     * its mount namespace belongs to the machine's user namespace, so a worker cannot setns back into it (EPERM).
     * It undoes the namespace thread's view in a private copy instead: the same result for the tests, and nothing of
     * the view (whose sysfs holds the network namespace) on the worker.
     */
    @Test
    void inAJvmSealedWithoutAMountNamespaceWorkersLeaveTheNamespaceThreadsViewBehind() throws Exception {
        List<String> out = child(List.of("unshare", "--user", "--map-root-user", "--net"));
        assertThat(value(out, "FACTORY")).isEqualTo(CommonPoolThreadFactory.class.getName());
        assertThat(out).contains("RESULT first(NetNs) SUCCESSFUL ", "RESULT second(NetNs) SUCCESSFUL ",
                "LEFT second-start 0", "LEFT end 0 0");
        List<String> workerPieces = out.stream().filter(l -> l.startsWith("PIECE ") && l.contains(WORKER)).toList();
        assertThat(workerPieces).isNotEmpty().allMatch(l -> l.split(" ")[2].equals(value(out, "HOST"))
                && l.split(" ")[5].equals("noview"));
        assertThat(out).anyMatch(l -> l.startsWith("PIECE first ") && l.endsWith(" view"));
    }

    /**
     * The control: with the JDK's default factory (the property names a class that does not exist, so the JDK falls
     * back to its own and netns-junit respects the user's choice), the worker first started from the first test
     * stays in its namespace, runs that test's work there, and fails the test, named in full.
     */
    @Test
    void withTheJdksFactoryTheFirstWorkerStaysInTheFirstTestsNamespaceAndFailsThatTest() throws Exception {
        List<String> out = child("-D" + CommonPoolSetup.PROPERTY + "=no.such.Factory");
        assertThat(value(out, "FACTORY")).isNotEqualTo(CommonPoolThreadFactory.class.getName());
        String first = out.stream().filter(l -> l.startsWith("RESULT first(NetNs) ")).findFirst().orElseThrow();
        assertThat(first).startsWith("RESULT first(NetNs) FAILED Teardown of the network topology failed (1 problem):"
                + "   - thread 'ForkJoinPool.commonPool-worker-1' (tid ");
        assertThat(out).anyMatch(l -> l.startsWith("PIECE first ") && l.contains(WORKER)
                && !l.split(" ")[2].equals(value(out, "HOST")));
    }

    private static List<String> child(String... jvmOptions) throws Exception {
        return child(List.of(), List.of(jvmOptions), List.of());
    }

    private static List<String> child(List<String> wrapper, String... jvmOptions) throws Exception {
        return child(wrapper, List.of(jvmOptions), List.of());
    }

    private static List<String> child(List<String> wrapper, List<String> jvmOptions, List<String> args)
            throws Exception {
        List<String> command = new ArrayList<>(wrapper);
        command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CommonPoolIT.class.getName()));
        command.addAll(args);
        String output = Kernel.run(command.toArray(String[]::new));
        System.out.println("[common pool] child JVM " + wrapper + jvmOptions + args + ":\n" + output);
        return output.lines().toList();
    }

    private static String value(List<String> out, String key) {
        return out.stream().filter(l -> l.startsWith(key + " ")).map(l -> l.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " line in " + out));
    }

    /** Tasks of this JVM in the namespace with that inode, except {@code exceptTid}. */
    static int tasksIn(String inode, int exceptTid) {
        int n = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    if (Files.readSymbolicLink(t.resolve("ns/net")).toString().equals(inode)
                            && Integer.parseInt(t.getFileName().toString()) != exceptTid) {
                        n++;
                    }
                } catch (IOException ended) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n;
    }

    /**
     * Each piece's thread name and namespace: of one task given to the pool with {@code execute} (awaited on a latch,
     * so that the caller cannot run it itself: a pool worker does), and of a parallel stream of 32 pieces of 5 ms.
     */
    static List<String[]> slowParallelPieces() {
        List<String[]> pieces = new ArrayList<>();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        ForkJoinPool.commonPool().execute(() -> {
            pieces.add(piece());
            done.countDown();
        });
        try {
            assertThat(done.await(10, TimeUnit.SECONDS)).as("the pool ran the task").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        pieces.addAll(IntStream.range(0, 32).parallel().mapToObj(i -> {
            LockSupport.parkNanos(5_000_000L);
            return piece();
        }).toList());
        return pieces;
    }

    /**
     * Where the calling thread is: its name, network namespace, mount namespace, and {@code view} if its mount table
     * has a namespace thread's view of {@code /proc/net} (a mount on {@code /proc/<pid>/net}), else {@code noview}.
     */
    static String[] piece() {
        String view;
        try {
            view = Files.readAllLines(Path.of("/proc/thread-self/mountinfo")).stream()
                    .anyMatch(l -> l.split(" ")[4].equals("/proc/" + ProcessHandle.current().pid() + "/net"))
                    ? "view" : "noview";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new String[] {Thread.currentThread().getName(), Kernel.currentThreadNamespace(),
            Kernel.inode("/proc/thread-self/ns/mnt"), view};
    }
}
