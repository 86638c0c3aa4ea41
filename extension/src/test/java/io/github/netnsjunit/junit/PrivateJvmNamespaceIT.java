package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.netnsjunit.netlink.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code netns.junit.jvmNamespace=private}, the recommended style for real clients: the client runs on JUnit's
 * thread, in {@code "host"}, which is then the JVM's private namespace; each test's server runs in a topology
 * namespace linked to it. Three tests in a row, each with a fresh server and a token of its own; a decoy on
 * {@code 127.0.0.1} in the JVM's namespace, used by the same client before the tests; library-style threads (an
 * executor made on first use, a {@code Timer}, an executor first made in test 1) must still be right in test 3.
 * Each fixture runs in a child JVM through the JUnit Platform launcher (as Surefire runs tests), so that the
 * listener registered through {@code META-INF/services} makes the namespace. Oracles: {@code /proc/thread-self/ns/net}
 * read on every thread that connects, and {@code ip -j addr} run from JUnit's thread.
 */
class PrivateJvmNamespaceIT {

    @Test
    void threeTestsInARowEachReachTheirOwnServerFromEveryLibraryThread() throws Exception {
        List<String> out = run(Map.of(NetnsConfig.JVM_NAMESPACE, "private"));
        assertThat(results(out)).containsExactly("RESULT SUCCESSFUL test1()", "RESULT SUCCESSFUL test2()",
                "RESULT SUCCESSFUL test3()");
        assertPrivate(out);
    }

    @Test
    void inJunitParallelModeTheHostTestsStillNeverOverlap() throws Exception {
        Map<String, String> config = new java.util.HashMap<>(Kit.parallel(3));
        config.put(NetnsConfig.JVM_NAMESPACE, "private");
        List<String> out = run(config);
        assertThat(results(out)).containsExactlyInAnyOrder("RESULT SUCCESSFUL test1()", "RESULT SUCCESSFUL test2()",
                "RESULT SUCCESSFUL test3()");
        assertPrivate(out);
        // the JUnit workers that ran the tests were born in the private namespace too (the oracle lines name them)
        assertThat(out).filteredOn(l -> l.startsWith("ORACLE test")).allMatch(l -> !l.contains("thread=main"));
    }

    @Test
    void withoutCapSysAdminEveryTestFailsOnceWithTheFix() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--inh-caps=-all", "--ambient-caps=-all",
                "--bounding-set=-all"));
        cmd.addAll(LauncherMain.command(ThreeClientsTestCase.class, NetnsConfig.JVM_NAMESPACE + "=private"));
        String out = Processes.exec(cmd, Duration.ofSeconds(120)).output();
        System.out.println("[private, no capabilities]\n" + out);
        assertThat(out).contains("RESULT FAILED PrivateJvmNamespaceIT$ThreeClientsTestCase | "
                + "org.junit.jupiter.api.extension.ExtensionConfigurationException | netns-junit: configuration"
                + " parameter netns.junit.jvmNamespace is \"private\", but thread \"main\", which runs the tests,"
                + " could not move into a private network namespace: unshare(CLONE_NEWNET)");
        assertThat(out).contains("EPERM").contains("-Psealed");
    }

    @Test
    void aBadValueNamesTheKeyAndTheAllowedValues() throws Exception {
        List<String> out = run(Map.of(NetnsConfig.JVM_NAMESPACE, "privat"));
        assertThat(out).anyMatch(l -> l.contains("netns-junit: configuration parameter netns.junit.jvmNamespace is"
                + " \"privat\"; allowed: one of \"machine\" (the default), \"private\"."));
    }

    @Test
    void whatATestLeavesInThePrivateHostFailsItsTeardownNamed() throws Exception {
        List<String> out = run(LeavesAnAddressTestCase.class, Map.of(NetnsConfig.JVM_NAMESPACE, "private"));
        assertThat(out).anyMatch(l -> l.startsWith("RESULT FAILED leaves()") && l.contains("the \"host\" namespace")
                && l.contains("left: address lo 10.79.9.9/32"));
        // the next test removes it: its own teardown finds the host as it was
        assertThat(out).anyMatch(l -> l.startsWith("RESULT SUCCESSFUL next()"));
    }

    @Test
    void theConntrackTableOfThePrivateHostIsEmptiedAfterEachTest() throws Exception {
        List<String> out = run(TracksAConnectionTestCase.class, Map.of(NetnsConfig.JVM_NAMESPACE, "private"));
        assertThat(results(out)).containsExactly("RESULT SUCCESSFUL a()", "RESULT SUCCESSFUL b()");
        // oracle: /proc/thread-self/net/nf_conntrack read on JUnit's thread, in the private host
        assertThat(out).contains("ORACLE a tracked 1").contains("ORACLE b tracked 0");
    }

    private static List<String> run(Map<String, String> config) throws Exception {
        return run(ThreeClientsTestCase.class, config);
    }

    private static List<String> run(Class<?> fixture, Map<String, String> config) throws Exception {
        List<String> args = new ArrayList<>();
        config.forEach((k, v) -> args.add(k + "=" + v));
        Processes.Result result = Processes.exec(LauncherMain.command(fixture,
                args.toArray(String[]::new)), Duration.ofSeconds(180));
        String out = result.output();
        System.out.println("[private " + config + "]\n" + out);
        return out.lines().toList();
    }

    private static List<String> results(List<String> out) {
        return out.stream().filter(l -> l.startsWith("RESULT")).map(l -> l.replaceAll(" \\| .*", "")).toList();
    }

    private static void assertPrivate(List<String> out) throws IOException {
        String line = out.stream().filter(l -> l.startsWith("ORACLE home=")).findFirst().orElseThrow();
        String home = line.split(" ")[1].substring("home=".length());
        String leader = line.split(" ")[2].substring("leader=".length());
        // the child's leader is where it was started: this JVM's namespace; its JVM namespace is another, private one
        assertThat(leader).isEqualTo(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
        assertThat(home).isNotEqualTo(leader);
        assertThat(out).filteredOn(l -> l.startsWith("ORACLE test")).hasSize(3).allMatch(l -> l.endsWith("ns=" + home));
    }

    /** Test a makes the private host track a connection to srv; test b looks for the entry. */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("srv")
    @VethPair(name = "pj2", namespace = "host", address = "10.79.3.1/24", peer = "eth0", peerNamespace = "srv",
            peerAddress = "10.79.3.2/24")
    static class TracksAConnectionTestCase {
        ServerSocket server;

        @BeforeEach
        @InNamespace("srv")
        void startServer() throws Exception {
            server = new ServerSocket(8084, 50, InetAddress.getByName("10.79.3.2"));
        }

        @AfterEach
        @InNamespace("srv")
        void stopServer() throws Exception {
            server.close();
        }

        static long tracked() throws IOException {
            return Files.readAllLines(Path.of("/proc/thread-self/net/nf_conntrack")).stream()
                    .filter(l -> l.contains("dst=10.79.3.2")).count();
        }

        static void nft(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("nft"));
            cmd.addAll(List.of(args));
            assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
        }

        @Test
        void a() throws Exception {
            // a ct rule makes the namespace track connections; the table goes again, its entries stay
            nft("add", "table", "ip", "nsjct");
            nft("add", "chain", "ip", "nsjct", "out", "{ type filter hook output priority 0 ; }");
            nft("add", "rule", "ip", "nsjct", "out", "ct", "state", "new", "counter");
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("10.79.3.2", 8084), 2000);
            }
            nft("delete", "table", "ip", "nsjct");
            System.out.println("ORACLE a tracked " + tracked());
        }

        @Test
        void b() throws Exception {
            System.out.println("ORACLE b tracked " + tracked());
        }
    }

    /** Adds an address to {@code lo} of the JVM's private namespace, and leaves it. */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("srv")
    @VethPair(name = "pj1", namespace = "host", address = "10.79.2.1/24", peer = "eth0", peerNamespace = "srv",
            peerAddress = "10.79.2.2/24")
    static class LeavesAnAddressTestCase {
        @Test
        void leaves() throws Exception {
            assertEquals(0, new ProcessBuilder("ip", "addr", "add", "10.79.9.9/32", "dev", "lo").inheritIO().start()
                    .waitFor());
        }

        @Test
        void next() throws Exception {
            // the baseline stays the first one: this test changes nothing, and its teardown compares to it
            assertEquals(0, new ProcessBuilder("ip", "addr", "del", "10.79.9.9/32", "dev", "lo").inheritIO().start()
                    .waitFor());
        }
    }

    /**
     * The fixture. Runs only in a child JVM through {@link LauncherMain}, with {@code jvmNamespace=private}.
     */
    @KitFixture
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @NetNamespace("srv")
    @VethPair(name = "pj0", namespace = "host", address = "10.79.0.1/24", peer = "eth0", peerNamespace = "srv",
            peerAddress = "10.79.0.2/24")
    static class ThreeClientsTestCase {
        static final int PORT = 8082;
        static final String SERVER = "10.79.0.2";
        static ServerSocket decoy;
        static Thread decoyThread;
        static String home;
        /** A library's pool: made on first use (before the tests), kept for the JVM's life. */
        static ExecutorService lazyPool;
        /** A library's timer thread, made on first use. */
        static Timer timer;
        /** A pool first made inside test 1. */
        static ExecutorService madeInTest1;

        ServerSocket server;
        Thread serverThread;
        String token;

        static synchronized ExecutorService pool() {
            if (lazyPool == null) {
                lazyPool = Executors.newSingleThreadExecutor(r -> daemon(r, "lib-pool"));
            }
            return lazyPool;
        }

        static synchronized Timer timer() {
            if (timer == null) {
                timer = new Timer("lib-timer", true);
            }
            return timer;
        }

        static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        static String where() {
            try {
                return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The client: one line from PORT at {@code host}, with the namespace it was read in. */
        static String fetch(String host) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, PORT), 2000);
                return where() + " " + new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
            } catch (IOException e) {
                return where() + " " + e;
            }
        }

        static Thread serve(ServerSocket socket, String answer) {
            Thread t = daemon(() -> {
                while (!socket.isClosed()) {
                    try (Socket c = socket.accept()) {
                        new PrintWriter(c.getOutputStream(), true, StandardCharsets.US_ASCII).println(answer);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "server-" + answer);
            t.start();
            return t;
        }

        @BeforeAll
        static void decoyUsedOnceBeforeTheTests() throws Exception {
            home = where();
            System.out.println("ORACLE home=" + home + " leader="
                    + Files.readSymbolicLink(Path.of("/proc/self/ns/net")));
            decoy = new ServerSocket(PORT, 50, InetAddress.getByName("127.0.0.1"));
            decoyThread = serve(decoy, "decoy");
            assertEquals(home + " decoy", pool().submit(() -> fetch("127.0.0.1")).get());
            CompletableFuture<String> viaTimer = new CompletableFuture<>();
            timer().schedule(task(() -> viaTimer.complete(fetch("127.0.0.1"))), 0);
            assertEquals(home + " decoy", viaTimer.get(10, TimeUnit.SECONDS));
        }

        static TimerTask task(Runnable r) {
            return new TimerTask() {
                @Override
                public void run() {
                    r.run();
                }
            };
        }

        @BeforeEach
        @InNamespace("srv")
        void startServer(TestInfo info) throws Exception {
            token = "token-" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
            server = new ServerSocket(PORT, 50, InetAddress.getByName(SERVER));
            serverThread = serve(server, token);
        }

        @AfterEach
        @InNamespace("srv")
        void stopServer() throws Exception {
            server.close();
            serverThread.join(5000);
        }

        void reachOwnServer(String test) throws Exception {
            assertEquals(home, where(), "JUnit's thread is in the JVM's private namespace");
            assertNotEquals(home, Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString(),
                    "the JVM's namespace is not the machine's (the thread-group leader's)");
            // ip -j addr, started from JUnit's thread, shows the JVM's namespace: the host end of the veth is there
            Process ip = new ProcessBuilder("ip", "-j", "-4", "addr", "show").redirectErrorStream(true).start();
            String addrs = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ip.waitFor();
            assertThat(addrs).contains("\"local\":\"10.79.0.1\"");
            // what the JDK and /proc/net, /sys read on JUnit's thread is that namespace too, not the machine's
            Process links = new ProcessBuilder("ip", "-o", "link", "show").redirectErrorStream(true).start();
            List<String> ipLinks = new String(links.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.split(": ")[1].replaceAll("@.*", "")).sorted().toList();
            links.waitFor();
            assertThat(ipLinks).hasSize(2).contains("lo"); // and the host end of the veth, under a name of its own
            assertEquals(ipLinks, Collections.list(NetworkInterface.getNetworkInterfaces())
                    .stream().map(NetworkInterface::getName).sorted().toList(), "NetworkInterface");
            assertThat(NetworkInterface.getByInetAddress(InetAddress.getByName("10.79.0.1"))).isNotNull();
            assertEquals(ipLinks, Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                    .map(l -> l.strip().split(":")[0]).sorted().toList(), "/proc/net/dev");
            try (Stream<Path> sys = Files.list(Path.of("/sys/class/net"))) {
                assertEquals(ipLinks, sys.map(p -> p.getFileName().toString()).sorted().toList(), "/sys/class/net");
            }
            String expected = home + " " + token;
            assertEquals(expected, fetch(SERVER), "JUnit's thread");
            assertEquals(expected, pool().submit(() -> fetch(SERVER)).get(10, TimeUnit.SECONDS), "lazy pool");
            CompletableFuture<String> viaTimer = new CompletableFuture<>();
            timer().schedule(task(() -> viaTimer.complete(fetch(SERVER))), 0);
            assertEquals(expected, viaTimer.get(10, TimeUnit.SECONDS), "timer");
            synchronized (ThreeClientsTestCase.class) {
                if (madeInTest1 == null) {
                    madeInTest1 = Executors.newCachedThreadPool(r -> daemon(r, "made-in-" + test));
                }
            }
            assertEquals(expected, madeInTest1.submit(() -> fetch(SERVER)).get(10, TimeUnit.SECONDS),
                    "pool made in the first test");
            System.out.println("ORACLE " + test + " thread=" + Thread.currentThread().getName() + " ns=" + where());
        }

        @Test
        void test1() throws Exception {
            reachOwnServer("test1");
        }

        @Test
        void test2() throws Exception {
            reachOwnServer("test2");
        }

        @Test
        void test3() throws Exception {
            reachOwnServer("test3");
        }

        @AfterAll
        static void shutDown() throws Exception {
            decoy.close();
            decoyThread.join(5000);
            timer.cancel();
            lazyPool.shutdownNow();
            if (madeInTest1 != null) {
                madeInTest1.shutdownNow();
            }
        }
    }
}
