package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The failure explanation of {@link LibraryThreadEscapeIT} on the paths that test leaves out: a static
 * {@code ScheduledExecutorService}, a virtual thread (JDK 21+), gRPC's shared event loops (grpc-netty-shaded), and
 * Lettuce (against a real {@code redis-server} started in ns1; measured right, see its test). Each kind was first
 * used before the tests on JUnit's thread, so its threads were born in the JVM's own namespace; each test, two in a
 * row, reaches its own server in ns1 from the test's thread (the oracle line), then through the kind of thread, which
 * fails ("Connection refused": the fixture's JVM namespace is private, nothing listens on its {@code 127.0.0.1:PORT}, no traffic leaves it). The exact
 * explanation is asserted, and each thread it names (tid) is checked against {@code /proc/self/task/TID/ns/net} and
 * {@code comm}, printed by the fixture.
 */
class LibraryThreadEscapePathsIT {
    private static final String STAYS = "; a thread stays in the namespace it was born in, so the connections made on"
            + " it leave from there, not from netns ns1 (in a sealed or private JVM: \"Network is unreachable\" or"
            + " \"Connection refused\"; elsewhere they may reach another server). ";
    private static final String OR_ELSE = " Or make the client inside the test, in its namespace, and close it before"
            + " the test ends: its threads are then born in the test's namespace and end with it.";
    private static final String RECOMMENDED = "make and use the client on JUnit's thread in host with"
            + " -Dnetns.junit.jvmNamespace=private (or in sealed test JVMs, -Psealed), so the library's threads are"
            + " born in the JVM's own namespace, which is the test's network there and outlives every test; not"
            + " inside @InNamespace or NetNs.call.";

    @Test
    void aStaticScheduledExecutorIsNamedWithTheExecutorFix() throws Exception {
        List<String> out = LibraryThreadEscapeIT.run(ExecutorTestCase.class);
        assertResults(out, "a_executor()", "b_executor()");
        String jvm = LibraryThreadEscapeIT.oracle(out, "home").get(0)[1];
        String[] thread = LibraryThreadEscapeIT.oracle(out, "before").stream().filter(f -> f[3].equals("lib-scheduler"))
                .findFirst().orElseThrow();
        assertThat(thread[2]).isEqualTo(jvm);
        for (String test : List.of("a_executor()", "b_executor()")) {
            assertThat(LibraryThreadEscapeIT.explanation(out, test, "an executor's worker thread")).isEqualTo(
                    "netns-junit: part of this failure was thrown on an executor's worker thread, but this test's code"
                    + " ran in netns ns1, and these threads of that kind are not there: 'lib-scheduler' (tid "
                    + thread[1] + ") in the JVM's own namespace. An executor's threads are born where the executor"
                    + " first needed them (a static executor: wherever it was first used)" + STAYS + "Fix: make the"
                    + " executor in the test and shut it down (shutdownNow(), awaitTermination()) before the test ends,"
                    + " or use it on JUnit's thread in host with -Dnetns.junit.jvmNamespace=private (or sealed,"
                    + " -Psealed).");
        }
    }

    @Test
    void aVirtualThreadIsNamedByItsCarrierWithTheVirtualThreadFix() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; this is " + Runtime.version());
        List<String> out = LibraryThreadEscapeIT.run(VirtualThreadTestCase.class);
        assertResults(out, "a_virtualThread()", "b_virtualThread()");
        String jvm = LibraryThreadEscapeIT.oracle(out, "home").get(0)[1];
        for (String test : List.of("a_virtualThread()", "b_virtualThread()")) {
            String why = LibraryThreadEscapeIT.explanation(out, test, "a virtual thread");
            assertThat(why).matches(Pattern.quote("netns-junit: part of this failure was thrown on a virtual thread,"
                    + " but this test's code ran in netns ns1, and these threads of that kind are not there: ")
                    + "'ForkJoinPool-\\d+-worker-\\d+' \\(tid \\d+\\) in the JVM's own namespace(, 'ForkJoinPool-\\d+"
                    + "-worker-\\d+' \\(tid \\d+\\) in the JVM's own namespace)*" + Pattern.quote(". A virtual"
                    + " thread's system calls run on its carrier, a thread of the JDK's virtual-thread scheduler, which"
                    + " netns-junit keeps in the JVM's own namespace" + STAYS + "Fix: in the virtual thread, do the"
                    + " network work through the namespace (ns.call(...), which runs it on a platform thread there),"
                    + " or write the test in the recommended style: client code on JUnit's thread in host with"
                    + " -Dnetns.junit.jvmNamespace=private (or sealed, -Psealed)."));
            assertNamedThreads(out, test, why, "ForkJoinPool-", jvm);
        }
    }

    @Test
    void grpcsSharedEventLoopsAreNamedWithGrpcsFix() throws Exception {
        List<String> out = LibraryThreadEscapeIT.run(GrpcTestCase.class);
        assertResults(out, "a_grpc()", "b_grpc()");
        String jvm = LibraryThreadEscapeIT.oracle(out, "home").get(0)[1];
        for (String test : List.of("a_grpc()", "b_grpc()")) {
            String why = LibraryThreadEscapeIT.explanation(out, test, "gRPC");
            assertThat(why).matches(Pattern.quote("netns-junit: this test's code ran in netns ns1, but the failure"
                    + " involves gRPC (its classes are in it), whose network work runs on threads of its own, and these"
                    + " are not in netns ns1: ") + "'grpc-[A-Za-z-]+-\\d+(-\\d+)?' \\(tid \\d+\\) in the JVM's own"
                    + " namespace(, 'grpc-[A-Za-z-]+-\\d+(-\\d+)?' \\(tid \\d+\\) in the JVM's own namespace)*"
                    + Pattern.quote(". A"
                    + " thread of gRPC's shared resources (default executor, shared Netty event loops, timer), shared"
                    + " by every channel and server of the JVM and destroyed 1 s after the last one that uses it is"
                    + " shut down" + STAYS + "Fix: shut the channels and servers down (shutdown() and"
                    + " awaitTermination()) before the test ends, so the shared resources go 1 s later; shared across"
                    + " tests: " + RECOMMENDED + OR_ELSE));
            assertThat(why).containsPattern("'grpc-(default|nio|epoll)-worker-ELG-"); // the event loops that connect
            assertNamedThreads(out, test, why, "grpc-", jvm);
        }
    }

    /**
     * Measured: Lettuce is right here, though its event loops are in the JVM's namespace — Netty's
     * {@code Bootstrap.connect} makes the socket on the calling thread (the test's, in ns1) before handing the channel
     * to an event loop, so the connection leaves from ns1 and reaches the test's own redis-server. Oracle: the value
     * each test SET over a plain socket from its own thread, read back through Lettuce.
     */
    @Test
    void lettuceConnectsFromTheCallingThreadSoReachesTheTestsOwnServer() throws Exception {
        assumeTrue(LettuceTestCase.redisServer().isPresent(), "redis-server is not on the PATH: install the Debian"
                + " package redis-server (apt-get install redis-server); .ci/run installs it");
        List<String> out = LibraryThreadEscapeIT.run(LettuceTestCase.class);
        assertThat(out.stream().filter(l -> l.startsWith("RESULT")).map(l -> l.replaceAll(" \\| .*", "")))
                .containsExactly("RESULT SUCCESSFUL a_lettuce()", "RESULT SUCCESSFUL b_lettuce()");
        String jvm = LibraryThreadEscapeIT.oracle(out, "home").get(0)[1];
        assertThat(LibraryThreadEscapeIT.oracle(out, "before")).filteredOn(f -> f.length > 3
                && f[3].matches("lettuce-(epoll|nio).*")).hasSize(2).allMatch(f -> f[2].equals(jvm));
        assertThat(out).contains("ORACLE a_lettuce|token-a_lettuce", "ORACLE b_lettuce|token-b_lettuce");
        assertThat(out).filteredOn(l -> l.startsWith("ORACLE reached")).hasSize(2).allMatch(l -> l.endsWith("|own"));
        assertThat(out).noneMatch(l -> l.startsWith("SUPPRESSED"));
    }

    /** Both tests failed, and each reached its own server in ns1 from the test's own thread first. */
    private static void assertResults(List<String> out, String first, String second) {
        assertThat(out.stream().filter(l -> l.startsWith("RESULT")).map(l -> l.replaceAll(" \\| .*", "")))
                .containsExactly("RESULT FAILED " + first, "RESULT FAILED " + second);
        assertThat(out).filteredOn(l -> l.startsWith("ORACLE reached")).hasSize(2).allMatch(l -> l.endsWith("|own"));
    }

    /** Every thread the explanation names (tid) is one the oracle saw after the test, in the JVM's namespace. */
    private static void assertNamedThreads(List<String> out, String test, String why, String commPrefix, String jvm) {
        var m = Pattern.compile("\\(tid (\\d+)\\)").matcher(why);
        List<String[]> seen = LibraryThreadEscapeIT.oracle(out, "after " + test.replace("()", ""));
        int named = 0;
        while (m.find()) {
            String tid = m.group(1);
            named++;
            assertThat(seen).as("oracle line for tid %s after %s", tid, test)
                    .anyMatch(f -> f[1].equals(tid) && f[2].equals(jvm) && f[3].startsWith(commPrefix));
        }
        assertThat(named).isPositive();
    }

    /** What each fixture shares: the oracle of threads and namespaces, and each test's own server in ns1. */
    abstract static class Fixture {
        static final int PORT = 8091;

        /** ORACLE home|netns of JUnit's thread. */
        static void home() {
            System.out.println("ORACLE home|" + ClientsInNs1.where("thread-self"));
        }

        /** ORACLE key|tid|netns|comm for every thread whose kernel name starts with one of {@code prefixes}. */
        static void threads(String key, String... prefixes) throws IOException {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String comm;
                    try {
                        comm = Files.readString(task.resolve("comm")).strip();
                    } catch (IOException gone) {
                        continue;
                    }
                    if (Stream.of(prefixes).anyMatch(comm::startsWith)) {
                        System.out.println("ORACLE " + key + "|" + task.getFileName() + "|"
                                + Files.readSymbolicLink(task.resolve("ns/net")) + "|" + comm);
                    }
                }
            }
        }

        /** Checks, from the test's own thread in ns1, that its server answers there. */
        static void reached(String test, int port, byte[] request, String expected) throws IOException {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
                byte[] reply = s.getInputStream().readNBytes(expected.length());
                System.out.println("ORACLE reached|" + test + "|"
                        + (new String(reply, StandardCharsets.US_ASCII).equals(expected) ? "own" : "other"));
            }
        }
    }

    /** Helpers of {@link LibraryThreadEscapeIT.ClientsInNs1TestCase} under a short name. */
    static final class ClientsInNs1 {
        static String where(String task) {
            return LibraryThreadEscapeIT.ClientsInNs1TestCase.where(task);
        }

        static HttpServer serve(int port) throws IOException {
            return LibraryThreadEscapeIT.ClientsInNs1TestCase.serve(port, "own");
        }
    }

    private static final byte[] HTTP_GET = "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A static ScheduledExecutorService whose one thread was made on JUnit's thread. Run only in a child JVM. */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("ns1")
    static class ExecutorTestCase extends Fixture {
        static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lib-scheduler");
            t.setDaemon(true);
            return t;
        });

        @BeforeAll
        static void usedOnceOnJUnitsThread() throws Exception {
            home();
            assertEquals("made", SCHEDULER.submit(() -> "made").get(10, TimeUnit.SECONDS));
            threads("before", "lib-scheduler");
        }

        @AfterAll
        static void shutDown() {
            SCHEDULER.shutdownNow();
        }

        static void viaScheduler(String test) throws Exception {
            HttpServer own = ClientsInNs1.serve(PORT);
            try {
                reached(test, PORT, HTTP_GET, "HTTP/1.1 200");
                SCHEDULER.schedule(() -> {
                    try (Socket s = new Socket("127.0.0.1", PORT)) {
                        return "connected";
                    }
                }, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            } finally {
                threads("after " + test, "lib-scheduler");
                own.stop(0);
            }
        }

        @Test
        @InNamespace("ns1")
        void a_executor() throws Exception {
            viaScheduler("a_executor");
        }

        @Test
        @InNamespace("ns1")
        void b_executor() throws Exception {
            viaScheduler("b_executor");
        }
    }

    /**
     * A virtual thread started in the test body connects: its carrier is in the JVM's namespace. The exception is
     * rethrown from the body as it was made, its stack that of the virtual thread. JDK 21+, run only in a child JVM.
     */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("ns1")
    static class VirtualThreadTestCase extends Fixture {
        @BeforeAll
        static void firstVirtualThreadOnJUnitsThread() throws Exception {
            home();
            start(() -> { }).join();
        }

        static Thread start(Runnable r) throws ReflectiveOperationException {
            return (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, r);
        }

        static void viaVirtualThread(String test) throws Exception {
            HttpServer own = ClientsInNs1.serve(PORT);
            try {
                reached(test, PORT, HTTP_GET, "HTTP/1.1 200");
                IOException[] failed = new IOException[1];
                start(() -> {
                    try (Socket s = new Socket("127.0.0.1", PORT)) {
                        s.getOutputStream().write(HTTP_GET);
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                }).join();
                if (failed[0] != null) {
                    throw failed[0];
                }
            } finally {
                threads("after " + test, "ForkJoinPool-");
                own.stop(0);
            }
        }

        @Test
        @InNamespace("ns1")
        void a_virtualThread() throws Exception {
            viaVirtualThread("a_virtualThread");
        }

        @Test
        @InNamespace("ns1")
        void b_virtualThread() throws Exception {
            viaVirtualThread("b_virtualThread");
        }
    }

    /** A String marshaller: a unary method without protoc. */
    static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    /**
     * A gRPC channel made and first called on JUnit's thread (no server there: the call fails, but gRPC's shared event
     * loop and executor are born in the JVM's namespace), then called by each test. Run only in a child JVM.
     */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("ns1")
    static class GrpcTestCase extends Fixture {
        static final MethodDescriptor<String, String> GET = MethodDescriptor.<String, String>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName("escape.Tokens", "Get"))
                .setRequestMarshaller(UTF8).setResponseMarshaller(UTF8).build();
        static ManagedChannel channel;

        @BeforeAll
        static void channelUsedOnceOnJUnitsThread() throws Exception {
            home();
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", PORT).usePlaintext().build();
            try {
                call();
            } catch (StatusRuntimeException expected) {
                System.out.println("ORACLE before|" + expected.getStatus().getCode());
            }
        }

        @AfterAll
        static void shutDown() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }

        static String call() {
            return ClientCalls.blockingUnaryCall(channel, GET, CallOptions.DEFAULT.withDeadlineAfter(10,
                    TimeUnit.SECONDS), "token?");
        }

        static void viaChannel(String test) throws Exception {
            HttpServer own = ClientsInNs1.serve(PORT); // the test's server: its own thread reaches it
            try {
                reached(test, PORT, HTTP_GET, "HTTP/1.1 200");
                // no resetConnectBackoff(): that would connect at once on the calling thread (it drives the channel's
                // synchronization context), in ns1; the channel reconnects on its backoff timer, on gRPC's event loop
                call();
            } finally {
                threads("after " + test, "grpc-");
                own.stop(0);
            }
        }

        @Test
        @InNamespace("ns1")
        void a_grpc() throws Exception {
            viaChannel("a_grpc");
        }

        @Test
        @InNamespace("ns1")
        void b_grpc() throws Exception {
            viaChannel("b_grpc");
        }
    }

    /**
     * A Lettuce client (two I/O threads) made on JUnit's thread, whose first two connects (nothing listens there) made
     * its event loops in the JVM's namespace; each test starts redis-server on 127.0.0.1:PORT in ns1 (forked from the test's thread, so in
     * ns1), PINGs it and sets a token from the test's thread, then reads the token through the client. Run only in a
     * child JVM.
     */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("ns1")
    static class LettuceTestCase extends Fixture {
        static final RedisURI URI = RedisURI.builder().withHost("127.0.0.1").withPort(PORT)
                .withTimeout(Duration.ofSeconds(10)).build();
        static ClientResources resources;
        static RedisClient client;

        static Optional<Path> redisServer() {
            return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                    .map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst();
        }

        @BeforeAll
        static void clientUsedOnceOnJUnitsThread() throws IOException {
            home();
            // Netty starts each event loop of a group on its first use, by the thread that uses it, and hands the
            // loops out in turn: as many connects as loops start them all here, as a client used a while would have
            resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(1).build();
            client = RedisClient.create(resources);
            for (int i = 0; i < 2; i++) {
                try {
                    client.connect(URI).close();
                } catch (RedisConnectionException expected) {
                    System.out.println("ORACLE before|" + expected.getClass().getSimpleName());
                }
            }
            threads("before", "lettuce-");
        }

        @AfterAll
        static void shutDown() {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            resources.shutdown(0, 5, TimeUnit.SECONDS);
        }

        static void viaClient(String test) throws Exception {
            Process redis = new ProcessBuilder(redisServer().orElseThrow().toString(), "--bind", "127.0.0.1",
                    "--port", Integer.toString(PORT), "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (true) {
                    try {
                        reached(test, PORT, "PING\r\n".getBytes(StandardCharsets.US_ASCII), "+PONG");
                        break;
                    } catch (IOException notYet) {
                        if (System.nanoTime() > deadline) {
                            throw notYet;
                        }
                        Thread.sleep(20);
                    }
                }
                try (Socket s = new Socket("127.0.0.1", PORT)) { // the test's own thread sets this test's token
                    s.getOutputStream().write(("SET token token-" + test + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    assertEquals("+OK", new String(s.getInputStream().readNBytes(3), StandardCharsets.US_ASCII));
                }
                try (StatefulRedisConnection<String, String> c = client.connect(URI)) {
                    System.out.println("ORACLE " + test + "|" + c.sync().get("token"));
                }
            } finally {
                threads("after " + test, "lettuce-");
                redis.destroy();
                redis.waitFor(10, TimeUnit.SECONDS);
            }
        }

        @Test
        @InNamespace("ns1")
        void a_lettuce() throws Exception {
            viaClient("a_lettuce");
        }

        @Test
        @InNamespace("ns1")
        void b_lettuce() throws Exception {
            viaClient("b_lettuce");
        }
    }
}
