package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.github.netnsjunit.netlink.testing.Processes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.netty.http.client.HttpClient;

/**
 * The topology's DNS server in a private {@code "host"} ({@code netns.junit.jvmNamespace=private}): client code on
 * JUnit's thread resolves the topology's names with the libraries' defaults — Netty's {@code DnsNameResolver} with
 * the platform-default (resolv.conf) name servers, reactor-netty's default {@code HttpClient} resolver, and the JDK's
 * resolver (glibc asking our server on Java 17). Three tests in a row, each with its own server in {@code srv} named
 * {@code api} and a token of its own. Oracles: the token read back, an nft counter in the host on DNS packets that
 * go out of any link but {@code lo} (host has a default route towards srv, so a query to the real name server would
 * leave through it) and one on those that go to {@code lo}, and {@code ip -j addr show dev lo} before, during and
 * after the topology. In the machine's namespace nothing of this happens: its {@code lo} stays as it was.
 */
class PrivateHostDnsIT {

    @Test
    void threeTestsInARowResolveTheirServerWithTheLibrariesDefaultsAndNoQueryLeavesHost() throws Exception {
        List<String> out = run(ResolvesApiTestCase.class, "private");
        assertThat(results(out)).containsExactly("RESULT SUCCESSFUL test1()", "RESULT SUCCESSFUL test2()",
                "RESULT SUCCESSFUL test3()");
        assertThat(out).filteredOn(l -> l.startsWith("ORACLE test")).hasSize(3)
                .allMatch(l -> l.contains("leaving=0") && !l.contains("onlo=0"));
        // the name server addresses were on host's lo while the topology lived, and are gone after it
        String before = oracle(out, "ORACLE lo before ");
        String after = oracle(out, "ORACLE lo after ");
        assertThat(after).isEqualTo(before);
        for (String during : out.stream().filter(l -> l.startsWith("ORACLE lo during ")).toList()) {
            assertThat(during.substring("ORACLE lo during ".length())).contains(oracle(out, "ORACLE lo expected "));
        }
    }

    @Test
    void inTheMachinesNamespaceHostsLoopbackIsLeftAsItWas() throws Exception {
        List<String> out = run(MachineHostTestCase.class, "machine");
        assertThat(results(out)).containsExactly("RESULT SUCCESSFUL names()");
        assertThat(oracle(out, "ORACLE lo during ")).isEqualTo(oracle(out, "ORACLE lo before "));
    }

    private static List<String> run(Class<?> fixture, String mode) throws Exception {
        Processes.Result result = Processes.exec(LauncherMain.command(fixture,
                NetnsConfig.JVM_NAMESPACE + "=" + mode), Duration.ofSeconds(180));
        String out = result.output();
        System.out.println("[" + fixture.getSimpleName() + ", " + mode + "]\n" + out);
        return out.lines().toList();
    }

    private static List<String> results(List<String> out) {
        return out.stream().filter(l -> l.startsWith("RESULT")).map(l -> l.replaceAll(" \\| .*", "")).toList();
    }

    private static String oracle(List<String> out, String prefix) {
        return out.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(
                "no line " + prefix)).substring(prefix.length());
    }

    /** The addresses on {@code lo} of the calling thread's namespace, by {@code ip -j addr} (sorted). */
    static String loopbackAddresses() throws Exception {
        Process ip = new ProcessBuilder("ip", "-j", "addr", "show", "dev", "lo").redirectErrorStream(true).start();
        String json = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ip.waitFor();
        TreeSet<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\"local\":\"([^\"]+)\",\"prefixlen\":(\\d+)").matcher(json);
        while (m.find()) {
            out.add(m.group(1) + "/" + m.group(2));
        }
        return String.join(",", out);
    }

    /**
     * The non-loopback IPv4 name servers of the JVM's resolv.conf, as our server puts them on lo (IPv6 ones are left
     * out of this oracle: their text form differs between {@code ip} and Java).
     */
    static String expectedNameServers() throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 2 && w[0].equals("nameserver") && w[1].matches("[0-9.]+")
                    && !InetAddress.getByName(w[1]).isLoopbackAddress()) {
                out.add(w[1] + "/32");
            }
        }
        return String.join(",", out);
    }

    static void nft(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("nft"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    static long packets(String counter) throws Exception {
        Process p = new ProcessBuilder("nft", "-j", "list", "counter", "inet", "nsjdns", counter)
                .redirectErrorStream(true).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = Pattern.compile("\"packets\":\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no counter " + counter + ": " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs in a child JVM with {@code jvmNamespace=private}: the client on JUnit's thread, in host. */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace(value = "srv", hostnames = "api")
    @VethPair(name = "pd0", namespace = "host", address = "10.79.5.1/24", peer = "eth0", peerNamespace = "srv",
            peerAddress = "10.79.5.2/24")
    @Route(namespace = "host", via = "10.79.5.2")
    static class ResolvesApiTestCase {
        static final int PORT = 8085;

        HttpServer server;
        String token;

        @BeforeAll
        static void before() throws Exception {
            System.out.println("ORACLE lo before " + loopbackAddresses());
            System.out.println("ORACLE lo expected " + expectedNameServers());
        }

        @BeforeEach
        @InNamespace("srv")
        void startServer(TestInfo info) throws Exception {
            token = "token-" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
            server = HttpServer.create(new InetSocketAddress("10.79.5.2", PORT), 50);
            String answer = token;
            server.createContext("/", exchange -> {
                byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        @BeforeEach
        void countDnsPackets() throws Exception {
            // on JUnit's thread: the private host; deleted again in @AfterEach, before the baseline check
            nft("add", "table", "inet", "nsjdns");
            nft("add", "counter", "inet", "nsjdns", "leaving");
            nft("add", "counter", "inet", "nsjdns", "onlo");
            nft("add", "chain", "inet", "nsjdns", "out", "{ type filter hook output priority 0 ; }");
            nft("add", "rule", "inet", "nsjdns", "out", "oifname", "lo", "meta", "l4proto", "{ udp, tcp }", "th",
                    "dport", "53", "counter", "name", "onlo");
            nft("add", "rule", "inet", "nsjdns", "out", "oifname", "!=", "lo", "meta", "l4proto", "{ udp, tcp }",
                    "th", "dport", "53", "counter", "name", "leaving");
        }

        @AfterEach
        void dropCounters() throws Exception {
            nft("delete", "table", "inet", "nsjdns");
        }

        @AfterEach
        @InNamespace("srv")
        void stopServer() {
            server.stop(0);
        }

        void resolveAndFetch(String test) throws Exception {
            System.out.println("ORACLE lo during " + loopbackAddresses());
            // Netty's resolver, name servers from resolv.conf (read once per JVM)
            assertThat(DnsServerIT.nettyResolve("api")).containsExactly("10.79.5.2");
            // reactor-netty's default HttpClient resolver (Netty's DNS resolver, resolv.conf name servers)
            String body = HttpClient.create().get().uri("http://api:" + PORT + "/").responseContent().aggregate()
                    .asString().block(Duration.ofSeconds(10));
            assertEquals(token, body, "reactor-netty, default resolver");
            // the JDK resolver on JUnit's thread: glibc asking our server on Java 17, our provider on 18+
            assertEquals("10.79.5.2", InetAddress.getByName("api").getHostAddress());
            System.out.println("ORACLE " + test + " leaving=" + packets("leaving") + " onlo=" + packets("onlo"));
        }

        @Test
        void test1() throws Exception {
            resolveAndFetch("test1");
        }

        @Test
        void test2() throws Exception {
            resolveAndFetch("test2");
        }

        @Test
        void test3() throws Exception {
            resolveAndFetch("test3");
        }

        @AfterAll
        static void after() throws Exception {
            System.out.println("ORACLE lo after " + loopbackAddresses());
        }
    }

    /**
     * Runs in a child JVM in the machine's namespace (the default): a topology naming host and with names leaves
     * host's {@code lo} alone.
     */
    @KitFixture
    @NetNamespace(value = "srv", hostnames = "api")
    @VethPair(name = "pd1", namespace = "host", address = "10.79.6.1/24", peer = "eth0", peerNamespace = "srv",
            peerAddress = "10.79.6.2/24")
    static class MachineHostTestCase {
        static String before;

        @BeforeAll
        static void lo() throws Exception {
            before = loopbackAddresses();
            System.out.println("ORACLE lo before " + before);
        }

        @Test
        void names() throws Exception {
            System.out.println("ORACLE lo during " + loopbackAddresses());
        }
    }
}
