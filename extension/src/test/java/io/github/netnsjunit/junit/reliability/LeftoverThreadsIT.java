package io.github.netnsjunit.junit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.TeardownException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The leftover-thread check is fair: the JDK's idle helpers that correct code leaves in a namespace (HttpURLConnection's
 * {@code Keep-Alive-Timer}, a JDK 17 {@code HttpClient}'s selector and executor threads) give a warning through
 * {@link System.Logger} that explains them, and the test passes; any other thread fails it, named in full (not the
 * kernel's 15-byte {@code comm}) with its stack. Traffic flows only between the fixture's two namespaces.
 */
class LeftoverThreadsIT {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    static final List<Thread> LEAKED = new CopyOnWriteArrayList<>();
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    /** Keeps the fixture's HttpClient reachable until checked: on JDK 17 its selector thread ends when it is collected. */
    static final List<Object> CLIENTS = new CopyOnWriteArrayList<>();

    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger logger = Logger.getLogger("io.github.netnsjunit.junit.internal.LeftoverThreadCheck");

    @BeforeEach
    void captureWarnings() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
    }

    private List<String> warningTexts() {
        return warnings.stream().map(LogRecord::getMessage).toList();
    }

    /** A client namespace and a server namespace; the server answers {@code GET /} with "hello" and keep-alive. */
    @NetNamespace("client")
    @NetNamespace("server")
    @VethPair(name = "veth0", namespace = "server", address = "10.48.0.1/24",
            peer = "veth1", peerNamespace = "client", peerAddress = "10.48.0.2/24")
    abstract static class ClientServer {
        /** Runs {@code client} with an HTTP server in the server namespace, stopped (its thread ended) afterwards. */
        static void withServer(Topology topology, Client client) throws Exception {
            NetNs server = topology.namespace("server");
            HttpServer http = server.call(() -> {
                HttpServer s = HttpServer.create(new InetSocketAddress("10.48.0.1", 0), 0);
                s.createContext("/", exchange -> {
                    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                s.start(); // its dispatcher thread starts here, in the server namespace
                return s;
            });
            try {
                client.run("http://10.48.0.1:" + http.getAddress().getPort() + "/");
            } finally {
                server.run(() -> http.stop(0));
            }
        }

        interface Client {
            void run(String url) throws Exception;
        }
    }

    @KitFixture
    static class UrlConnectionTestCase extends ClientServer {
        @Test
        @InNamespace("client")
        void get(Topology topology, NetNs client) throws Exception {
            SEEN.put("client", Kernel.inode(client.path()));
            withServer(topology, url -> {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                try (InputStream in = c.getInputStream()) {
                    SEEN.put("body", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                // read to the end and closed, not disconnected: the connection goes to the keep-alive cache
            });
        }
    }

    @Test
    void anHttpUrlConnectionsKeepAliveTimerIsAWarningThatExplainsIt() {
        SEEN.clear();
        EngineExecutionResults results = Kit.run(UrlConnectionTestCase.class);
        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(SEEN.get("body")).isEqualTo("hello");
        System.out.println("[leftover] " + warningTexts());
        assertThat(warningTexts()).hasSize(1);
        assertThat(warningTexts().get(0)).matches("netns-junit: the JDK's thread 'Keep-Alive-Timer' \\(tid \\d+\\) in"
                + " netns client stays in the namespace after the test and keeps it alive until it ends\\. It is the"
                + " timer of HttpURLConnection's keep-alive cache\\. It ends once the idle connections it caches have"
                + " expired \\(5 s idle by default, or the server's Keep-Alive timeout; it looks every 5 s\\); until"
                + " then they keep the"
                + " namespace alive, and a later connection to the same address and port may reuse one\\. Call"
                + " HttpURLConnection\\.disconnect\\(\\), or set -Dhttp\\.keepAlive=false, to leave none\\.");
        // what the warning says: the namespace goes once the cache is empty
        long gone = Kernel.await(() -> !Kernel.jvmNamespaces().contains(SEEN.get("client")), 30_000);
        System.out.println("[leftover] client namespace released " + gone + " ms after the test");
        assertThat(gone).isNotNegative();
    }

    @KitFixture
    static class HttpClientTestCase extends ClientServer {
        @Test
        @InNamespace("client")
        void get(Topology topology) throws Exception {
            withServer(topology, url -> {
                HttpClient client = HttpClient.newHttpClient(); // not closed: JDK 17 has no close()
                CLIENTS.add(client);
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                SEEN.put("body", r.body());
            });
        }
    }

    /**
     * Runs {@link HttpClientTestCase} in this (child) JVM and prints its outcome and the warnings, one per line: the
     * client's threads keep its namespace alive for a minute, which must not reach the other tests of the parent.
     */
    public static void main(String[] args) {
        LeftoverThreadsIT it = new LeftoverThreadsIT();
        it.captureWarnings();
        EngineExecutionResults results = Kit.run(HttpClientTestCase.class);
        System.out.println("STATS succeeded=" + results.testEvents().succeeded().count() + " failed="
                + results.testEvents().failed().count());
        System.out.println("BODY " + SEEN.get("body"));
        it.warningTexts().forEach(w -> System.out.println("WARNING " + w));
    }

    @Test
    void aJdkHttpClientsSelectorAndExecutorThreadsAreWarningsNamedInFull() {
        String output = Kernel.run(ProcessHandle.current().info().command().orElse(System.getProperty("java.home")
                + "/bin/java"), "-cp", System.getProperty("java.class.path"), LeftoverThreadsIT.class.getName());
        System.out.println("[leftover] child JVM:\n" + output);
        List<String> lines = output.lines().toList();
        assertThat(lines).contains("STATS succeeded=1 failed=0", "BODY hello");
        List<String> warnings = lines.stream().filter(l -> l.startsWith("WARNING ")).map(l -> l.substring(8)).toList();
        assertThat(warnings).anyMatch(w -> w.matches("netns-junit: the JDK's thread 'HttpClient-\\d+-SelectorManager'"
                + " \\(tid \\d+\\) in netns client stays in the namespace after the test and keeps it alive until it"
                + " ends\\. It is the selector thread of a java\\.net\\.http\\.HttpClient\\. Before JDK 21 it cannot be"
                + " stopped and ends once the client is garbage-collected; on JDK 21 or later close the client"
                + " \\(try-with-resources\\)\\."));
        assertThat(warnings).allMatch(w -> w.matches("netns-junit: the JDK's thread 'HttpClient-\\d+-"
                + "(SelectorManager|Worker-\\d+)' \\(tid \\d+\\) in netns client stays in the namespace after the test"
                + " and keeps it alive until it ends\\. It is .*"));
        warnings.stream().filter(w -> w.contains("-Worker-")).forEach(w -> assertThat(w).endsWith("It is an idle"
                + " thread of a java.net.http.HttpClient's default executor; it ends after 60 s idle. Give the client an"
                + " executor of your own (HttpClient.Builder.executor) and shut it down, or on JDK 21 or later close"
                + " the client."));
    }

    @KitFixture
    @NetNamespace("ns0")
    static class LeakedThreadsTestCase {
        @Test
        @InNamespace("ns0")
        void leaks() {
            // two names the kernel cuts to the same 15 bytes, and one that only pretends to be the JDK's
            for (String name : new String[] {"a-leaked-thread-number-1", "a-leaked-thread-number-2", "Keep-Alive-Timer"}) {
                Thread t = new Thread(LeakedThreadsTestCase::waitForRelease, name);
                t.setDaemon(true);
                t.start();
                LEAKED.add(t);
            }
        }

        static void waitForRelease() {
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void anyOtherThreadFailsTheTestNamedInFullWithItsStack() throws Exception {
        EngineExecutionResults results;
        try {
            results = Kit.run(LeakedThreadsTestCase.class);
        } finally {
            RELEASE.countDown();
            for (Thread t : LEAKED) {
                t.join(5000);
            }
        }
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        // JUnit reports what closing the test's resources threw as the cause of its own exception
        assertThat(failure).hasMessage("Failed to close extension context");
        failure = failure.getCause();
        System.out.println("[leftover] " + failure.getMessage());
        assertThat(failure).isInstanceOf(TeardownException.class);
        assertThat(failure.getMessage()).matches("Teardown of the network topology failed \\(1 problem\\):\n"
                + "  - threads ('[^']+' \\(tid \\d+\\) in netns ns0(, )?){3}"
                + " outlived the test inside its namespace: it keeps the namespace alive and"
                + " will run later work there\\. Threads inherit the namespace of the thread that starts them: shut down"
                + " executors started in the test \\(shutdownNow\\(\\) and awaitTermination\\(\\)\\), and end the"
                + " threads you start\\.");
        assertThat(failure.getMessage()).contains("'a-leaked-thread-number-1'", "'a-leaked-thread-number-2'",
                "'Keep-Alive-Timer'");
        assertThat(warningTexts()).isEmpty();
        Throwable[] stacks = failure.getSuppressed()[0].getSuppressed();
        assertThat(stacks).hasSize(3).allSatisfy(s -> {
            assertThat(s.getMessage()).matches("stack of thread '.*' \\(tid \\d+\\) in netns ns0");
            assertThat(Arrays.stream(s.getStackTrace()).map(f -> f.getClassName() + "." + f.getMethodName()))
                    .contains(LeakedThreadsTestCase.class.getName() + ".waitForRelease");
        });
    }
}
