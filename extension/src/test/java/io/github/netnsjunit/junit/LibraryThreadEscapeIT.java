package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.github.netnsjunit.netlink.testing.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.netty.http.client.HttpClient;

/**
 * The {@code @InNamespace} style with a library's own threads: client code in {@code @InNamespace("ns1")}, its
 * server on {@code 127.0.0.1} inside ns1, and the library used once before the tests on JUnit's thread, so that its
 * threads (OkHttp's task runner, reactor-netty's event loops, a static {@code Timer}) were born in the JVM's own
 * namespace. Each test, several in a row, must fail with netns-junit's explanation naming the thread, the library
 * and the fix, not only the JDK's "Connection refused". The fixture runs in a child JVM whose namespace is private
 * ({@code netns.junit.jvmNamespace=private}): nothing listens on its {@code 127.0.0.1:PORT}, and no traffic can
 * leave it. Oracle: the fixture prints, for every thread of the JVM whose kernel name is a library's, its tid and
 * {@code /proc/self/task/TID/ns/net}, next to {@code /proc/thread-self/ns/net} of JUnit's thread.
 */
class LibraryThreadEscapeIT {

    @Test
    void libraryThreadsOutsideTheTestsNamespaceAreNamedWithTheLibraryAndTheFix() throws Exception {
        List<String> out = run(ClientsInNs1TestCase.class);
        assertThat(out.stream().filter(l -> l.startsWith("RESULT")).map(l -> l.replaceAll(" \\| .*", "")))
                .containsExactly("RESULT FAILED a_okHttp()", "RESULT FAILED b_okHttp()", "RESULT FAILED c_okHttp()",
                        "RESULT SUCCESSFUL d_reactorNetty()", "RESULT SUCCESSFUL e_reactorNetty()",
                        "RESULT FAILED f_reactorNettyDelayed()", "RESULT FAILED g_reactorNettyDelayed()",
                        "RESULT FAILED h_timer()", "RESULT FAILED i_timer()", "RESULT SUCCESSFUL j_jdkClientSend()",
                        "RESULT FAILED k_jdkClientSendAsync()");
        String jvm = oracle(out, "home").get(0)[1];
        for (String test : List.of("a_okHttp()", "b_okHttp()", "c_okHttp()")) {
            String why = explanation(out, test, "OkHttp");
            assertThat(why).startsWith("netns-junit: this test's code ran in netns ns1, but the failure involves"
                    + " OkHttp (its classes are in it), whose network work runs on threads of its own, and these are"
                    + " not in netns ns1: 'OkHttp TaskRunner' (tid ");
            assertThat(why).endsWith(" in the JVM's own namespace. A thread of OkHttp's shared task runner or dispatcher"
                    + " (connects with fast fallback, connection-pool cleanup, async calls), shared by every"
                    + " OkHttpClient of the JVM; it stays up to 60 s idle and is reused by the next call, which would"
                    + " then connect from this namespace; a thread stays in the namespace it was born in, so the"
                    + " connections made on it leave from there, not from netns ns1 (in a sealed or private JVM:"
                    + " \"Network is unreachable\" or \"Connection refused\"; elsewhere they may reach another server)."
                    + " Fix: make and use the client on JUnit's thread in host with -Dnetns.junit.jvmNamespace=private"
                    + " (or in sealed test JVMs, -Psealed), so the library's threads are born in the JVM's own"
                    + " namespace, which is the test's network there and outlives every test; not inside @InNamespace"
                    + " or NetNs.call. Or make the client inside the test, in its namespace, and close it before the"
                    + " test ends: its threads are then born in the test's namespace and end with it.");
            assertNamedThreadsAreWhereTheOracleSaw(out, test, why, "OkHttp", jvm);
        }
        // reactor-netty makes the socket on the subscribing thread (the test's, in ns1): right, no explanation
        assertThat(out).noneMatch(l -> l.startsWith("SUPPRESSED d_") || l.startsWith("SUPPRESSED e_"));
        // subscribed later on Reactor's parallel-N (a delay; retries and timeouts do the same): its socket is made
        // there, in the JVM's namespace
        for (String test : List.of("f_reactorNettyDelayed()", "g_reactorNettyDelayed()")) {
            String why = explanation(out, test, "reactor-netty");
            assertThat(why).matches("netns-junit: this test's code ran in netns ns1, but the failure involves"
                    + " reactor-netty \\(its classes are in it\\), whose network work runs on threads of its own, and"
                    + " these are not in netns ns1: 'reactor-http-(epoll|nio)-\\d+' \\(tid \\d+\\) in the JVM's own"
                    + " namespace.*")
                    .contains("An event loop of reactor-netty's global LoopResources")
                    .contains("Fix: make and use the client on JUnit's thread in host with");
            assertNamedThreadsAreWhereTheOracleSaw(out, test, why, "reactor-http", jvm);
            String reactor = explanation(out, test, "Reactor");
            assertThat(reactor).matches("netns-junit: this test's code ran in netns ns1, but the failure involves"
                    + " Reactor \\(its classes are in it\\), whose network work runs on threads of its own, and"
                    + " these are not in netns ns1: 'parallel-\\d+' \\(tid \\d+\\) in the JVM's own namespace.*")
                    .contains("A worker of one of Reactor's shared Schedulers");
            assertNamedThreadsAreWhereTheOracleSaw(out, test, reactor, "parallel-", jvm);
        }
        String[] timerThread = oracle(out, "before").stream().filter(f -> f[3].equals("lib-timer")).findFirst()
                .orElseThrow();
        assertThat(timerThread[2]).isEqualTo(jvm);
        for (String test : List.of("h_timer()", "i_timer()")) {
            assertThat(explanation(out, test, "a java.util.Timer's thread")).isEqualTo("netns-junit: part of this failure was thrown on a"
                    + " java.util.Timer's thread, but this test's code ran in netns ns1, and these threads of that kind"
                    + " are not there: 'lib-timer' (tid " + timerThread[1]
                    + ") in the JVM's own namespace. A Timer's thread is born where the Timer was made (a static Timer:"
                    + " wherever it was first used); a thread stays in the namespace it was born in, so the"
                    + " connections made on it leave from there, not from netns ns1 (in a sealed or private JVM:"
                    + " \"Network is unreachable\" or \"Connection refused\"; elsewhere they may reach another server)."
                    + " Fix: make the Timer in the test and cancel() it before the test ends, or make and use it on"
                    + " JUnit's thread in host with -Dnetns.junit.jvmNamespace=private (or sealed, -Psealed).");
        }
        // the JDK client: send() opens its socket on the calling thread (right), sendAsync() on a worker of the
        // client's executor, made with the client in the JVM's namespace
        assertThat(out).noneMatch(l -> l.startsWith("SUPPRESSED j_"));
        assertThat(explanation(out, "k_jdkClientSendAsync()", "the JDK's java.net.http.HttpClient")).matches(
                "netns-junit: this test's code ran in netns ns1, but the failure involves the JDK's"
                + " java.net.http.HttpClient \\(its classes are in it\\), whose network work runs on threads of its"
                + " own, and these are not in netns ns1: 'HttpClient-\\d+-(SelectorManager|Worker-\\d+)' \\(tid \\d+\\)"
                + " in the JVM's own namespace.*")
                .contains("Fix: make the HttpClient on JUnit's thread in host with -Dnetns.junit.jvmNamespace=private");
        // each test's own server was there, in ns1: the client reached ns1's 127.0.0.1 from the test's own thread
        assertThat(out).filteredOn(l -> l.startsWith("ORACLE reached")).hasSize(11)
                .allMatch(l -> l.endsWith("|own-server"));
    }

    @Test
    void aTestThatPassesAgainstADecoyInTheJvmsNamespaceFailsNamingTheConnection() throws Exception {
        List<String> out = run(DecoyTestCase.class);
        assertThat(out.stream().filter(l -> l.startsWith("RESULT")).map(l -> l.replaceAll(" \\| .*", "")))
                .containsExactly("RESULT FAILED a_okHttp()", "RESULT FAILED b_okHttp()", "RESULT FAILED c_timer()",
                        "RESULT SUCCESSFUL d_ownThread()");
        // oracle: what each client got back — the decoy's answer, so the test body itself passed
        assertThat(out).contains("ORACLE a_okHttp|DECOY", "ORACLE c_timer|DECOY", "ORACLE d_ownThread|own-server");
        List<String> wrongServer = new java.util.ArrayList<>(List.of("a_okHttp()", "c_timer()"));
        if (out.contains("ORACLE b_okHttp|DECOY")) {
            wrongServer.add("b_okHttp()");
        } else {
            // OkHttp's TaskRunner makes a thread when none is idle, on the thread that queues the task: during
            // a_okHttp that may be the test's own thread in a_okHttp's ns1 (seen in CI). b_okHttp's connect may then
            // run on it, in a namespace cut off since: no decoy reached, and the failure names that thread
            assertThat(out).anyMatch(l -> l.startsWith("RESULT FAILED b_okHttp() | java.net.SocketException | Network"
                    + " is unreachable"));
            assertThat(explanation(out, "b_okHttp()", "OkHttp")).matches("netns-junit: this test's code ran in netns"
                    + " ns1, but the failure involves OkHttp \\(its classes are in it\\), whose network work runs on"
                    + " threads of its own, and these are not in netns ns1: .*'OkHttp TaskRunner' \\(tid \\d+\\) in a"
                    + " namespace that is not this test's \\(net:\\[\\d+\\]: an earlier test's, cut off since.*");
        }
        for (String test : wrongServer) {
            String line = out.stream().filter(l -> l.startsWith("RESULT FAILED " + test)).findFirst().orElseThrow();
            assertThat(line).matches("RESULT FAILED " + Pattern.quote(test) + " \\| org.opentest4j.AssertionFailedError"
                    + " \\| netns-junit: this test's code ran in netns ns1, but during the test this JVM connected to"
                    + " 127.0.0.1:8088 \\(from 127.0.0.1:\\d+\\), while the test's server listens on 127.0.0.1:8088 in"
                    + " netns ns1 — from the JVM's own namespace, so to another server than the test's: the connection"
                    + " was made on a thread outside netns ns1 \\(a client library's, a Timer's, an executor's or a"
                    + " virtual thread's carrier, born where it was first used\\). The test passed against the wrong"
                    + " server. Fix: make and use the client on JUnit's thread in host with"
                    + " -Dnetns.junit.jvmNamespace=private .*");
        }
    }

    @Test
    void aTestThatReusesAConnectionPooledBeforeItToADecoyFailsNamingTheConnection() throws Exception {
        List<String> out = run(PooledDecoyTestCase.class);
        assertThat(out.stream().filter(l -> l.startsWith("RESULT")).map(l -> l.replaceAll(" \\| .*", "")))
                .containsExactly("RESULT FAILED a_pooled()", "RESULT FAILED b_pooled()", "RESULT FAILED c_pooled()",
                        "RESULT SUCCESSFUL d_ownServer()");
        // oracle: the decoy saw every call come from the one client port of the connection OkHttp pooled before the
        // tests, and each test's own server answered the control
        String pooled = oracle(out, "pooled").get(0)[1];
        assertThat(out).contains("ORACLE a_pooled|DECOY from " + pooled, "ORACLE b_pooled|DECOY from " + pooled,
                "ORACLE c_pooled|DECOY from " + pooled, "ORACLE d_ownServer|own-server");
        for (String test : List.of("a_pooled()", "b_pooled()", "c_pooled()")) {
            String line = out.stream().filter(l -> l.startsWith("RESULT FAILED " + test)).findFirst().orElseThrow();
            assertThat(line).isEqualTo("RESULT FAILED " + test + " | org.opentest4j.AssertionFailedError | netns-junit:"
                    + " this test's code ran in netns ns1, but during the test this JVM sent data to 127.0.0.1:8089"
                    + " (from 127.0.0.1:" + pooled + ", a connection opened before the test and used during it), while"
                    + " the test's server listens on 127.0.0.1:8089 in netns ns1 — in the JVM's own namespace, so to"
                    + " another server than the test's: the connection was opened in the JVM's namespace before the"
                    + " test and kept open (a client's connection pool: OkHttp keeps an idle connection 5 minutes),"
                    + " and the test's call reused it instead of connecting in netns ns1. The test passed against the"
                    + " wrong server. Fix: make and use the client on JUnit's thread in host with"
                    + " -Dnetns.junit.jvmNamespace=private (or in sealed test JVMs, -Psealed), so the library's threads"
                    + " are born in the JVM's own namespace, which is the test's network there and outlives every test;"
                    + " not inside @InNamespace or NetNs.call. Or make the client inside the test, in its namespace,"
                    + " and close it before the test ends; or evict the pool before the test.");
        }
    }

    /** Every thread the explanation names (tid) is one the oracle saw, of that library, in the JVM's namespace. */
    private static void assertNamedThreadsAreWhereTheOracleSaw(List<String> out, String test, String why,
            String commPrefix, String jvm) {
        Matcher m = Pattern.compile("\\(tid (\\d+)\\)").matcher(why);
        List<String> tids = new ArrayList<>();
        while (m.find()) {
            tids.add(m.group(1));
        }
        assertThat(tids).isNotEmpty();
        String name = test.replace("()", "");
        List<String[]> seen = oracle(out, "after " + name);
        for (String tid : tids) {
            assertThat(seen).as("oracle line for tid %s after %s", tid, name)
                    .anyMatch(f -> f[1].equals(tid) && f[2].equals(jvm) && f[3].startsWith(commPrefix));
        }
    }

    /** The fields after the key of the ORACLE lines with that key: {@code ORACLE key|a|b|c}. */
    static List<String[]> oracle(List<String> out, String key) {
        return out.stream().filter(l -> l.startsWith("ORACLE " + key + "|")).map(l -> l.substring(7).split("\\|"))
                .toList();
    }

    /** The one explanation of the test's failure that names {@code library}; checks there is no other kind. */
    static String explanation(List<String> out, String test, String library) {
        List<String> all = out.stream().filter(l -> l.startsWith("SUPPRESSED " + test + " | "))
                .map(l -> l.substring(l.indexOf(" | ") + 3)).toList();
        assertThat(all).as("the explanations of %s", test).allMatch(l -> l.startsWith("netns-junit: this test's code")
                || l.startsWith("netns-junit: part of this failure was thrown on"));
        List<String> lines = all.stream().filter(l -> l.contains("the failure involves " + library + " (")
                || l.contains("thrown on " + library + ", ")).toList();
        assertThat(lines).as("the explanation of %s naming %s", test, library).hasSize(1);
        return lines.get(0);
    }

    static List<String> run(Class<?> fixture) throws Exception { // a private JVM namespace: see the fixtures
        Processes.Result result = Processes.exec(LauncherMain.command(fixture, NetnsConfig.JVM_NAMESPACE + "=private"),
                Duration.ofSeconds(180));
        String out = result.output();
        System.out.println("[library threads outside ns1]\n" + out);
        return out.lines().toList();
    }

    /**
     * A decoy on {@code 127.0.0.1:PORT} in the JVM's (private) namespace, answering {@code DECOY}, and each test's
     * own server on the same address and port in ns1: client code in ns1 whose library threads are in the JVM's
     * namespace reaches the decoy, and its assertion (status 200) passes. Run only in a child JVM.
     */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("ns1")
    static class DecoyTestCase {
        static final int PORT = 8088;
        static final OkHttpClient OK_HTTP = new OkHttpClient();
        static HttpServer decoy;
        static Timer timer;
        HttpServer server;

        @BeforeAll
        static void decoyUsedOnceOnJUnitsThread() throws Exception {
            decoy = ClientsInNs1TestCase.serve(PORT, "DECOY");
            try (Response r = OK_HTTP.newCall(new Request.Builder().url(url()).build()).execute()) {
                assertEquals("DECOY", r.body().string());
            }
            timer = new Timer("lib-timer", true);
        }

        @AfterAll
        static void shutDown() {
            timer.cancel();
            decoy.stop(0);
        }

        static String url() {
            return url(PORT);
        }

        static String url(int port) {
            return "http://127.0.0.1:" + port + "/";
        }

        @BeforeEach
        @InNamespace("ns1")
        void startOwnServer() throws IOException {
            server = ClientsInNs1TestCase.serve(PORT, "own-server");
        }

        @AfterEach
        @InNamespace("ns1")
        void stopOwnServer() {
            server.stop(0);
        }

        static void okHttp(String test) throws IOException {
            OK_HTTP.connectionPool().evictAll(); // a fresh connection, made by OkHttp's connect thread
            try (Response r = OK_HTTP.newCall(new Request.Builder().url(url()).build()).execute()) {
                assertEquals(200, r.code());
                System.out.println("ORACLE " + test + "|" + r.body().string());
            }
        }

        static String get() {
            return get(PORT);
        }

        static String get(int port) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                return reply.substring(reply.lastIndexOf('\n') + 1);
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Test
        @InNamespace("ns1")
        void a_okHttp() throws IOException {
            okHttp("a_okHttp");
        }

        @Test
        @InNamespace("ns1")
        void b_okHttp() throws IOException {
            okHttp("b_okHttp");
        }

        @Test
        @InNamespace("ns1")
        void c_timer() throws Exception {
            CompletableFuture<String> viaTimer = new CompletableFuture<>();
            timer.schedule(ClientsInNs1TestCase.task(() -> viaTimer.complete(get())), 0);
            System.out.println("ORACLE c_timer|" + viaTimer.get(10, TimeUnit.SECONDS));
        }

        @Test
        @InNamespace("ns1")
        void d_ownThread() {
            System.out.println("ORACLE d_ownThread|" + get()); // the test's own thread: its own server, no complaint
        }
    }

    /**
     * OkHttp's default client used once before the tests on JUnit's thread against a decoy on {@code 127.0.0.1:PORT}
     * in the JVM's (private) namespace, which answers with the client's port: the connection stays in OkHttp's pool.
     * Each test starts its own server on the same address and port in ns1 and calls it with the same client, which
     * reuses the pooled connection (no connect at all) and so reaches the decoy. The control reaches its own server
     * from the test's thread while the pooled connection sits idle. Run only in a child JVM.
     */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("ns1")
    static class PooledDecoyTestCase {
        static final int PORT = 8089;
        static final OkHttpClient OK_HTTP = new OkHttpClient();
        static HttpServer decoy;
        HttpServer server;

        @BeforeAll
        static void poolWarmedOnJUnitsThread() throws Exception {
            decoy = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
            decoy.createContext("/", x -> {
                byte[] body = ("DECOY from " + x.getRemoteAddress().getPort()).getBytes(StandardCharsets.US_ASCII);
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            decoy.start();
            try (Response r = OK_HTTP.newCall(new Request.Builder().url(DecoyTestCase.url(PORT)).build()).execute()) {
                System.out.println("ORACLE pooled|" + r.body().string().substring("DECOY from ".length()));
            }
        }

        @AfterAll
        static void shutDown() {
            OK_HTTP.connectionPool().evictAll();
            decoy.stop(0);
        }

        @BeforeEach
        @InNamespace("ns1")
        void startOwnServer() throws IOException {
            server = ClientsInNs1TestCase.serve(PORT, "own-server");
        }

        @AfterEach
        @InNamespace("ns1")
        void stopOwnServer() {
            server.stop(0);
        }

        static void pooled(String test) throws IOException {
            try (Response r = OK_HTTP.newCall(new Request.Builder().url(DecoyTestCase.url(PORT)).build()).execute()) {
                assertEquals(200, r.code());
                System.out.println("ORACLE " + test + "|" + r.body().string());
            }
        }

        @Test
        @InNamespace("ns1")
        void a_pooled() throws IOException {
            pooled("a_pooled");
        }

        @Test
        @InNamespace("ns1")
        void b_pooled() throws IOException {
            pooled("b_pooled");
        }

        @Test
        @InNamespace("ns1")
        void c_pooled() throws IOException {
            pooled("c_pooled");
        }

        @Test
        @InNamespace("ns1")
        void d_ownServer() {
            System.out.println("ORACLE d_ownServer|" + DecoyTestCase.get(PORT));
        }
    }

    /**
     * The fixture, run only in a child JVM by {@link LauncherMain}. Each test starts its own server on
     * {@code 127.0.0.1:PORT} in ns1, checks it from the test's thread, then calls it through the library.
     */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("ns1")
    static class ClientsInNs1TestCase {
        static final int PORT = 8087;
        static final OkHttpClient OK_HTTP = new OkHttpClient();
        static final HttpClient REACTOR = HttpClient.create();
        static java.net.http.HttpClient jdk;
        static Timer timer;

        @BeforeAll
        static void everyLibraryUsedOnceOnJUnitsThread() throws Exception {
            System.out.println("ORACLE home|" + where("thread-self"));
            HttpServer before = serve("before");
            try {
                try (Response r = OK_HTTP.newCall(new Request.Builder().url(url()).build()).execute()) {
                    assertEquals("before", r.body().string());
                }
                assertEquals("before", REACTOR.get().uri(url()).responseContent().aggregate().asString()
                        .block(Duration.ofSeconds(10)));
                for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) { // every parallel-N worker
                    assertEquals("before", REACTOR.get().uri(url()).responseContent().aggregate().asString()
                            .delaySubscription(Duration.ofMillis(1)).block(Duration.ofSeconds(10)));
                }
                jdk = java.net.http.HttpClient.newHttpClient(); // its threads: made here, in the JVM's namespace
                assertEquals("before", jdk.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url()))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                timer = new Timer("lib-timer", true);
                CompletableFuture<String> viaTimer = new CompletableFuture<>();
                timer.schedule(task(() -> viaTimer.complete("made")), 0);
                assertEquals("made", viaTimer.get(10, TimeUnit.SECONDS));
            } finally {
                before.stop(0);
                OK_HTTP.connectionPool().evictAll();
            }
            threads("before");
        }

        @AfterAll
        static void shutDown() {
            timer.cancel();
        }

        static String url() {
            return "http://127.0.0.1:" + PORT + "/";
        }

        static HttpServer serve(String answer) throws IOException {
            return serve(PORT, answer);
        }

        static HttpServer serve(int port, String answer) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            server.createContext("/", x -> {
                byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            server.start();
            return server;
        }

        static TimerTask task(Runnable r) {
            return new TimerTask() {
                @Override
                public void run() {
                    r.run();
                }
            };
        }

        static String where(String task) {
            try {
                return Files.readSymbolicLink(Path.of("/proc/" + task + "/ns/net")).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** ORACLE key|tid|netns|comm for every thread of a library (by its kernel name) or lib-timer. */
        static void threads(String key) throws IOException {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String comm;
                    try {
                        comm = Files.readString(task.resolve("comm")).strip();
                    } catch (IOException gone) {
                        continue;
                    }
                    if (comm.startsWith("OkHttp") || comm.startsWith("reactor-http") || comm.startsWith("parallel-") || comm.startsWith("HttpClient-") || comm.equals("lib-timer")) {
                        System.out.println("ORACLE " + key + "|" + task.getFileName() + "|"
                                + Files.readSymbolicLink(task.resolve("ns/net")) + "|" + comm);
                    }
                }
            }
        }

        /** Starts this test's server in ns1, checks it from the test's own thread, and runs the library's call. */
        static void call(String test, ThrowingRunnable client) throws Throwable {
            HttpServer server = serve("own-server");
            try {
                try (Socket s = new Socket("127.0.0.1", PORT)) {
                    s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    System.out.println("ORACLE reached|" + test + "|" + reply.substring(reply.lastIndexOf('\n') + 1));
                }
                client.run();
            } finally {
                threads("after " + test);
                server.stop(0);
            }
        }

        interface ThrowingRunnable {
            void run() throws Throwable;
        }

        static void okHttp(String test) throws Throwable {
            call(test, () -> {
                try (Response r = OK_HTTP.newCall(new Request.Builder().url(url()).build()).execute()) {
                    assertEquals("own-server", r.body().string());
                }
            });
        }

        static void reactorNetty(String test) throws Throwable {
            call(test, () -> assertEquals("own-server", REACTOR.get().uri(url()).responseContent().aggregate()
                    .asString().block(Duration.ofSeconds(10))));
        }

        static void reactorNettyDelayed(String test) throws Throwable {
            call(test, () -> assertEquals("own-server", REACTOR.get().uri(url()).responseContent().aggregate()
                    .asString().delaySubscription(Duration.ofMillis(1)).block(Duration.ofSeconds(10))));
        }

        static void timer(String test) throws Throwable {
            call(test, () -> {
                CompletableFuture<String> viaTimer = new CompletableFuture<>();
                timer.schedule(task(() -> {
                    try (Socket s = new Socket("127.0.0.1", PORT)) {
                        viaTimer.complete("connected");
                    } catch (IOException e) {
                        viaTimer.completeExceptionally(e);
                    }
                }), 0);
                assertEquals("connected", viaTimer.get(10, TimeUnit.SECONDS));
            });
        }

        @Test
        @InNamespace("ns1")
        void a_okHttp() throws Throwable {
            okHttp("a_okHttp");
        }

        @Test
        @InNamespace("ns1")
        void b_okHttp() throws Throwable {
            okHttp("b_okHttp");
        }

        @Test
        @InNamespace("ns1")
        void c_okHttp() throws Throwable {
            okHttp("c_okHttp");
        }

        @Test
        @InNamespace("ns1")
        void d_reactorNetty() throws Throwable {
            reactorNetty("d_reactorNetty");
        }

        @Test
        @InNamespace("ns1")
        void e_reactorNetty() throws Throwable {
            reactorNetty("e_reactorNetty");
        }

        @Test
        @InNamespace("ns1")
        void f_reactorNettyDelayed() throws Throwable {
            reactorNettyDelayed("f_reactorNettyDelayed");
        }

        @Test
        @InNamespace("ns1")
        void g_reactorNettyDelayed() throws Throwable {
            reactorNettyDelayed("g_reactorNettyDelayed");
        }

        @Test
        @InNamespace("ns1")
        void h_timer() throws Throwable {
            timer("h_timer");
        }

        @Test
        @InNamespace("ns1")
        void i_timer() throws Throwable {
            timer("i_timer");
        }

        @Test
        @InNamespace("ns1")
        void j_jdkClientSend() throws Throwable {
            call("j_jdkClientSend", () -> assertEquals("own-server", jdk.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url())).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body()));
        }

        @Test
        @InNamespace("ns1")
        void k_jdkClientSendAsync() throws Throwable {
            call("k_jdkClientSendAsync", () -> assertEquals("own-server", jdk.sendAsync(java.net.http.HttpRequest
                    .newBuilder(java.net.URI.create(url())).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .get(10, TimeUnit.SECONDS).body()));
        }
    }
}
