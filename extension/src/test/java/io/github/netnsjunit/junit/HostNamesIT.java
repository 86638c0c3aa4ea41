package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host names of a topology: in this JVM (Java 18+: the resolver provider) from the test's thread, namespace threads
 * and threads they start, and in processes (their own {@code /etc/hosts}); the host's {@code /etc/hosts} stays
 * byte for byte what it was, and no mount of ours is visible to the JVM.
 */
@NetNamespace(value = "db", hostnames = {"db", "postgres.test"})
@NetNamespace("client")
@VethPair(name = "c0", namespace = "client", address = {"10.44.0.1/24", "fd44::1/64"}, peer = "d0",
        peerNamespace = "db", peerAddress = {"10.44.0.2/24", "fd44::2/64"})
@HostEntry(name = "db-v6", address = "fd44::2")
@HostEntry(name = "api.example.com", address = "10.44.0.2")
class HostNamesIT {
    private static final InetAddress DB4 = address("10.44.0.2");
    private static final InetAddress DB6 = address("fd44::2");
    private static byte[] hostsBefore;

    @BeforeAll
    static void readHostsFile() throws Exception {
        hostsBefore = Files.readAllBytes(Path.of("/etc/hosts"));
    }

    @AfterAll
    static void hostsFileUnchanged() throws Exception {
        assertThat(Files.readAllBytes(Path.of("/etc/hosts"))).as("the host's /etc/hosts").isEqualTo(hostsBefore);
        assertThat(ourMounts()).isEmpty();
    }

    static void assumeResolver() {
        assumeTrue(Runtime.version().feature() >= 18, "in-JVM host names need JDK 18+ (InetAddressResolverProvider);"
                + " this JVM is Java " + Runtime.version().feature() + ": see HostNamesOnJdk17IT");
    }

    @Test
    void namesResolveInTheJvmFromTheTestThreadItsThreadsAndNamespaceThreads(@Ns("client") NetNs client) throws Exception {
        assumeResolver();
        List<InetAddress> expected = List.of(DB4, DB6);
        assertThat(Arrays.asList(InetAddress.getAllByName("db"))).isEqualTo(expected);
        assertThat(Arrays.asList(InetAddress.getAllByName("POSTGRES.test"))).isEqualTo(expected);
        assertThat(InetAddress.getByName("db").getHostName()).isEqualTo("db");
        assertThat(Arrays.asList(InetAddress.getAllByName("api.example.com"))).containsExactly(DB4);
        assertThat(Arrays.asList(InetAddress.getAllByName("db-v6"))).containsExactly(DB6);
        // on the namespace's pinned thread, and on a thread started there (a namespace of the topology)
        assertThat(client.call(() -> Arrays.asList(InetAddress.getAllByName("db")))).isEqualTo(expected);
        assertThat(client.call(() -> onNewThread("postgres.test"))).isEqualTo(expected);
        // a thread the test starts in the host namespace is tied to the test like the test's own
        assertThat(onNewThread("db")).isEqualTo(expected);
        // everything else as before
        assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
        // reverse lookups answer the first name of the address
        assertThat(InetAddress.getByAddress(DB4.getAddress()).getHostName()).isEqualTo("db");
        assertThat(InetAddress.getByAddress(DB6.getAddress()).getCanonicalHostName()).isEqualTo("db");
        // the JDK's own cache is off (our resolver caches other names with the configured TTLs)
        assertThat(Security.getProperty("networkaddress.cache.ttl")).isEqualTo("0");
        assertThat(Security.getProperty("networkaddress.cache.negative.ttl")).isEqualTo("0");
    }

    @Test
    void httpClientInAnotherNamespaceReachesDbByNameOverIpv4AndIpv6(@Ns("db") NetNs db, @Ns("client") NetNs client)
            throws Exception {
        assumeResolver();
        ConcurrentLinkedQueue<String> peers = new ConcurrentLinkedQueue<>();
        HttpServer server = db.call(() -> {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("::"), 8080), 0);
            s.createContext("/", exchange -> {
                peers.add(exchange.getRemoteAddress().getAddress().getHostAddress() + " Host: "
                        + exchange.getRequestHeaders().getFirst("Host"));
                byte[] body = ("hello from " + Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            s.start();
            return s;
        });
        try {
            String dbNamespace = Files.readSymbolicLink(Path.of(db.path())).toString();
            List<String> bodies = client.call(() -> {
                HttpClient http = HttpClient.newHttpClient();
                try {
                    return List.of(get(http, "http://db:8080/"), get(http, "http://db-v6:8080/"),
                            get(http, "http://postgres.test:8080/"));
                } finally {
                    close(http);
                }
            });
            assertThat(bodies).containsOnly("hello from " + dbNamespace);
            // the server's view, an independent oracle of the address each name led to
            assertThat(peers).containsExactly("10.44.0.1 Host: db:8080", "fd44:0:0:0:0:0:0:1 Host: db-v6:8080",
                    "10.44.0.1 Host: postgres.test:8080");
        } finally {
            db.run(() -> server.stop(0));
        }
    }

    @Test
    void processesSeeTheNamesInTheirOwnEtcHosts(@Ns("client") NetNs client) throws Exception {
        assertThat(run(client, "getent", "ahostsv4", "db")).contains("10.44.0.2").doesNotContain("fd44");
        assertThat(run(client, "getent", "hosts", "db")).matches("(?s)fd44::2\\s+db postgres\\.test db-v6\\s*");
        assertThat(run(client, "getent", "hosts", "api.example.com")).matches("(?s)10\\.44\\.0\\.2\\s+.*api\\.example\\.com.*");
        assertThat(run(client, "python3", "-c", "import socket; print(socket.gethostbyname('db'))")).isEqualTo("10.44.0.2\n");
        assertThat(run(client, "getent", "hosts", "localhost")).isNotEmpty();
        // the process's /etc/hosts is the host's, then ours; while it runs, the JVM's mounts show nothing of it
        String inside = run(client, "cat", "/etc/hosts");
        assertThat(inside).startsWith(new String(hostsBefore, StandardCharsets.UTF_8));
        assertThat(inside).contains("10.44.0.2\tdb postgres.test api.example.com\n", "fd44::2\tdb postgres.test db-v6\n");
        assertThat(ourMounts()).isEmpty();
        assertThat(Files.readAllBytes(Path.of("/etc/hosts"))).isEqualTo(hostsBefore);
    }

    @Test
    void namespacesAndDescriptionsShowTheNames(@Ns("db") NetNs db, @Ns("client") NetNs client, Topology topology) {
        assertThat(db.hostnames()).containsExactly("db", "postgres.test");
        assertThat(client.hostnames()).isEmpty();
        assertThat(db.describe()).contains("host names: db postgres.test");
        assertThat(topology.describe()).contains("== host names\n", "db -> 10.44.0.2, fd44::2\n",
                "api.example.com -> 10.44.0.2\n", "db-v6 -> fd44::2\n");
        assertThat(topology.diagram()).contains("netns db (db, postgres.test)", "host api.example.com = 10.44.0.2",
                "host db-v6 = fd44::2");
    }

    static List<InetAddress> onNewThread(String name) throws Exception {
        List<InetAddress> out = new java.util.ArrayList<>();
        Exception[] failure = new Exception[1];
        Thread t = new Thread(() -> {
            try {
                out.addAll(Arrays.asList(InetAddress.getAllByName(name)));
            } catch (Exception e) {
                failure[0] = e;
            }
        }, "test-started-lookup");
        t.start();
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return out;
    }

    static String run(NetNs ns, String... command) throws Exception {
        Process p = ns.start(new ProcessBuilder(command).redirectErrorStream(true));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit status of %s: %s", List.of(command), out).isZero();
        return out;
    }

    /** Mounts of our hosts files visible to this JVM (there must be none: they live in the processes' namespaces). */
    static List<String> ourMounts() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains("netns-junit-hosts")).toList();
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** HttpClient is AutoCloseable from Java 21 on: closing it ends its selector thread inside the namespace. */
    static void close(HttpClient http) throws Exception {
        if (http instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
