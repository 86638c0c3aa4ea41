package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * What threads left in a finished test's namespace can reach (nothing: {@code ENETUNREACH}, never the dead test's
 * server), and {@code NetNs.call} from a thread the test body waits for (a virtual thread: it runs at once, in the
 * namespace, instead of queueing behind the body). Oracles: the errno the kernel gives a connect from the thread
 * left behind, and {@code /proc/thread-self/ns/net} read inside the call.
 */
class ThreadsLeftBehindIT {

    @Test
    void aThreadLeftInAFinishedNamespaceGetsNetworkUnreachableNotTheDeadServer() throws Exception {
        EngineExecutionResults results = Kit.run(LeavesAPoolTestCase.class);
        try {
            // the leftover check names the pool's thread: the test fails, as before
            printFailures(results);
            assertThat(results.testEvents().failed().count()).isEqualTo(1);
            ExecutorService pool = LeavesAPoolTestCase.POOL.get();
            assertThat(pool).isNotNull();
            // the server of the finished test still listens in the namespace the pool's thread keeps alive
            for (String target : new String[] {"127.0.0.1", "10.79.1.2", "10.79.1.1"}) {
                String outcome = pool.submit(() -> connect(target)).get(10, TimeUnit.SECONDS);
                // ENETUNREACH at once, never "Connection refused" nor "connected" (the dead test's servers still listen)
                assertThat(outcome).as(target).isEqualTo("java.net.SocketException: Network is unreachable");
            }
            // IPv6 too: at once, never the dead test's [::1] server
            assertThat(pool.submit(() -> connect("::1")).get(10, TimeUnit.SECONDS)).as("::1")
                    .isEqualTo("java.net.SocketException: Network is unreachable");
            // why, seen by ip inside the namespace the pool's thread keeps: rule 0 fails every lookup, in both families
            String ns = "/proc/" + pool.submit(() -> Files.readSymbolicLink(Path.of("/proc/thread-self")))
                    .get(10, TimeUnit.SECONDS) + "/ns/net";
            for (String family : new String[] {"-4", "-6"}) {
                assertThat(Kernel.nsenter(ns, "ip", family, "rule", "show", "priority", "0").strip()).as(family)
                        .isEqualTo("0:\tfrom all unreachable");
            }
        } finally {
            LeavesAPoolTestCase.shutDown();
        }
    }

    @Test
    void aTestThatDeletedRuleZeroItselfStillLeavesNothingReachable() throws Exception {
        EngineExecutionResults results = Kit.run(DeletesRuleZeroTestCase.class);
        try {
            printFailures(results);
            assertThat(results.testEvents().failed().count()).isEqualTo(1); // the pool's thread is named, as above
            ExecutorService pool = DeletesRuleZeroTestCase.POOL.get();
            // the rules batch failed (no rule 0 to delete): the addresses went and IPv6 was disabled instead
            assertThat(pool.submit(() -> connect("127.0.0.1")).get(10, TimeUnit.SECONDS))
                    .isEqualTo("java.net.SocketException: Network is unreachable");
            assertThat(pool.submit(() -> connect("::1")).get(10, TimeUnit.SECONDS)).isIn(
                    "java.net.SocketException: Network is unreachable",
                    "java.net.BindException: Cannot assign requested address");
            String ns = "/proc/" + pool.submit(() -> Files.readSymbolicLink(Path.of("/proc/thread-self")))
                    .get(10, TimeUnit.SECONDS) + "/ns/net";
            assertThat(Kernel.nsenter(ns, "ip", "-4", "-o", "addr").strip()).isEmpty();
            assertThat(Kernel.nsenter(ns, "cat", "/proc/sys/net/ipv6/conf/all/disable_ipv6").strip()).isEqualTo("1");
        } finally {
            DeletesRuleZeroTestCase.shutDown();
        }
    }

    static void printFailures(EngineExecutionResults results) {
        results.allEvents().failed().list().forEach(e -> e.getPayload(
                org.junit.platform.engine.TestExecutionResult.class).flatMap(r -> r.getThrowable())
                .ifPresent(t -> System.out.println("[threads left behind] " + e.getTestDescriptor().getDisplayName()
                        + " failed: " + t + (t.getCause() == null ? "" : " caused by " + t.getCause().getMessage().replace('\n', ' ')))));
    }

    static String connect(String host) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, LeavesAPoolTestCase.PORT), 2000);
            return "connected";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void netNsCallFromAVirtualThreadTheBodyJoinsRunsAtOnceInTheNamespace() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; this is "
                + Runtime.version());
        EngineExecutionResults results = Kit.run(JoinsAVirtualThreadTestCase.class);
        printFailures(results);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(JoinsAVirtualThreadTestCase.SEEN.get()).isEqualTo(JoinsAVirtualThreadTestCase.EXPECTED.get())
                .startsWith("net:[");
        // the virtual thread itself ran on a carrier in the JVM's namespace, not in ns1 (where its carrier would
        // have stayed, the leftover check failing the test)
        assertThat(JoinsAVirtualThreadTestCase.VIRTUAL.get()).isEqualTo(where())
                .isNotEqualTo(JoinsAVirtualThreadTestCase.EXPECTED.get());
    }

    @Test
    void delayedExecutorThreadsAreNeverMadeInTheTestNamespace() {
        EngineExecutionResults results = Kit.run(UsesADelayedExecutorTestCase.class);
        printFailures(results);
        // no leftover: the JDK's delay thread (JDK 17-24) or the common pool's delayScheduler (25) was not born in ns1
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(UsesADelayedExecutorTestCase.RAN_IN.get()).isEqualTo(where());
    }

    static String where() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves a pool and a listening server in ns1 (as a client library would leave its threads). */
    @KitFixture
    @NetNamespace("ns1")
    @NetNamespace("ns2")
    @VethPair(name = "eth0", namespace = "ns1", address = "10.79.1.1/24", peer = "eth0", peerNamespace = "ns2",
            peerAddress = "10.79.1.2/24")
    static class LeavesAPoolTestCase {
        static final int PORT = 8083;
        static final AtomicReference<ExecutorService> POOL = new AtomicReference<>();
        static final AtomicReference<ServerSocket> SERVERS = new AtomicReference<>();
        static final AtomicReference<ServerSocket> SERVERS6 = new AtomicReference<>();

        @Test
        @InNamespace("ns1")
        void leavesThem(@Ns("ns2") NetNs ns2) throws Exception {
            SERVERS.set(new ServerSocket(PORT, 50, InetAddress.getByName("127.0.0.1")));
            SERVERS6.set(new ServerSocket(PORT, 50, InetAddress.getByName("::1")));
            ServerSocket remote = ns2.call(() -> new ServerSocket(PORT, 50, InetAddress.getByName("10.79.1.2")));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            POOL.set(pool);
            // while the test lives, the pool reaches both servers
            assertThat(pool.submit(() -> connect("127.0.0.1")).get()).isEqualTo("connected");
            assertThat(pool.submit(() -> connect("10.79.1.2")).get()).isEqualTo("connected");
            assertThat(pool.submit(() -> connect("::1")).get()).isEqualTo("connected");
            remote.close();
        }

        static void shutDown() throws Exception {
            ExecutorService pool = POOL.getAndSet(null);
            if (pool != null) {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
            for (AtomicReference<ServerSocket> server : List.of(SERVERS, SERVERS6)) {
                ServerSocket s = server.getAndSet(null);
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** Deletes the kernel's rule 0 of both families itself, then leaves a pool and a server in ns1. */
    @KitFixture
    @NetNamespace("ns1")
    static class DeletesRuleZeroTestCase {
        static final AtomicReference<ExecutorService> POOL = new AtomicReference<>();
        static final AtomicReference<ServerSocket> SERVER = new AtomicReference<>();

        @Test
        @InNamespace("ns1")
        void deletesIt() throws Exception {
            // the oracles' processes start in the JVM's namespace: name ns1 by this thread's entry
            String ns1 = "/proc/" + Files.readSymbolicLink(Path.of("/proc/thread-self")) + "/ns/net";
            assertThat(Kernel.inode(ns1)).isNotEqualTo(Kernel.hostNamespace()); // never the machine's rules
            Kernel.nsenter(ns1, "ip", "-4", "rule", "del", "priority", "0");
            Kernel.nsenter(ns1, "ip", "-6", "rule", "del", "priority", "0");
            Kernel.nsenter(ns1, "ip", "-4", "rule", "add", "priority", "1", "lookup", "local");
            SERVER.set(new ServerSocket(LeavesAPoolTestCase.PORT, 50, InetAddress.getByName("127.0.0.1")));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            POOL.set(pool);
            assertThat(pool.submit(() -> connect("127.0.0.1")).get()).isEqualTo("connected");
        }

        static void shutDown() throws Exception {
            ExecutorService pool = POOL.getAndSet(null);
            if (pool != null) {
                pool.shutdownNow();
                pool.awaitTermination(5, TimeUnit.SECONDS);
            }
            ServerSocket s = SERVER.getAndSet(null);
            if (s != null) {
                s.close();
            }
        }
    }

    /** The body hands a task to {@code CompletableFuture.delayedExecutor}. */
    @KitFixture
    @NetNamespace("ns1")
    static class UsesADelayedExecutorTestCase {
        static final AtomicReference<String> RAN_IN = new AtomicReference<>();

        @Test
        @InNamespace("ns1")
        void delays() throws Exception {
            CompletableFuture<String> ran = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS).execute(() -> ran.complete(where()));
            RAN_IN.set(ran.get(10, TimeUnit.SECONDS));
        }
    }

    /** The body starts a virtual thread that calls {@code ns1.call} and joins it. */
    @KitFixture
    @NetNamespace("ns1")
    static class JoinsAVirtualThreadTestCase {
        static final AtomicReference<String> SEEN = new AtomicReference<>();
        static final AtomicReference<String> EXPECTED = new AtomicReference<>();
        static final AtomicReference<String> VIRTUAL = new AtomicReference<>();

        @Test
        @InNamespace("ns1")
        void joins(@Ns("ns1") NetNs ns1) throws Exception {
            EXPECTED.set(where());
            CompletableFuture<String> seen = new CompletableFuture<>();
            Runnable work = () -> {
                try {
                    VIRTUAL.set(where());
                    seen.complete(ns1.call(ThreadsLeftBehindIT::where));
                } catch (Throwable t) {
                    seen.completeExceptionally(t);
                }
            };
            Thread virtual = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class)
                    .invoke(null, work);
            virtual.join(10_000);
            assertThat(virtual.isAlive()).as("the virtual thread ended").isFalse();
            SEEN.set(seen.get(1, TimeUnit.SECONDS));
        }
    }
}
