package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A name lives exactly as long as its topology, is never answered stale from a cache when the next test maps it
 * elsewhere, and parallel tests that map one name differently each get their own (Java 18+: the JVM resolver).
 */
class HostNameLifecycleIT {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    /** A thread created before any topology: tied to no test. */
    static ExecutorService untied;
    static CyclicBarrier bothAlive;

    /**
     * A lookup of a name that is not ours goes to the machine's resolver, and from there to DNS: asked from a fresh
     * namespace without routes, the query fails at once (ENETUNREACH) instead of leaving the machine.
     */
    static void assertUnknownWithoutTraffic(String name) {
        try (io.github.netnsjunit.netlink.ns.NamespaceHandle offline = io.github.netnsjunit.netlink.ns.NamespaceHandle.create("offline")) {
            assertThat(offline.callUnchecked(() -> {
                try {
                    return "resolved to " + InetAddress.getByName(name);
                } catch (UnknownHostException e) {
                    return "unknown";
                }
            })).isEqualTo("unknown");
        }
    }

    @BeforeAll
    static void jdk18() {
        HostNamesIT.assumeResolver();
    }

    /** Records what {@code svc} resolves to from the test's thread, a thread it starts, and a namespace thread. */
    static void record(String test, NetNs srv) throws Exception {
        SEEN.put(test + " test thread", InetAddress.getByName("svc").getHostAddress());
        SEEN.put(test + " started thread", HostNamesIT.onNewThread("svc").get(0).getHostAddress());
        SEEN.put(test + " namespace thread", srv.call(() -> InetAddress.getByName("svc").getHostAddress()));
    }

    @KitFixture
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class SequenceTestCase {
        @Test
        @Order(1)
        @NetNamespace(value = "srv", hostnames = "svc")
        @VethPair(name = "v0", namespace = "srv", address = "10.45.1.2/24", peer = "v1", peerNamespace = "srv",
                peerAddress = "10.45.1.3/24")
        void first(@Ns("srv") NetNs srv) throws Exception {
            record("first", srv);
        }

        @Test
        @Order(2)
        @NetNamespace(value = "srv", hostnames = "svc")
        @VethPair(name = "v0", namespace = "srv", address = "10.45.2.2/24", peer = "v1", peerNamespace = "srv",
                peerAddress = "10.45.2.3/24")
        void second(@Ns("srv") NetNs srv) throws Exception {
            record("second", srv);
        }
    }

    @Test
    void oneNameMapsToAnotherAddressInTheNextTestAndIsGoneAfterwards() throws Exception {
        SEEN.clear();
        Kit.run(SequenceTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(SEEN).containsOnly(
                Map.entry("first test thread", "10.45.1.2"), Map.entry("first started thread", "10.45.1.2"),
                Map.entry("first namespace thread", "10.45.1.2"),
                Map.entry("second test thread", "10.45.2.2"), Map.entry("second started thread", "10.45.2.2"),
                Map.entry("second namespace thread", "10.45.2.2"));
        assertUnknownWithoutTraffic("svc");
        assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
    }

    @KitFixture
    static class ParallelTestCase {
        @Test
        @NetNamespace(value = "srv", hostnames = "svc")
        @VethPair(name = "v0", namespace = "srv", address = "10.46.1.2/24", peer = "v1", peerNamespace = "srv",
                peerAddress = "10.46.1.3/24")
        void one(@Ns("srv") NetNs srv) throws Exception {
            inParallel("one", srv);
        }

        @Test
        @NetNamespace(value = "srv", hostnames = "svc")
        @VethPair(name = "v0", namespace = "srv", address = "10.46.2.2/24", peer = "v1", peerNamespace = "srv",
                peerAddress = "10.46.2.3/24")
        void two(@Ns("srv") NetNs srv) throws Exception {
            inParallel("two", srv);
        }

        private static void inParallel(String test, NetNs srv) throws Exception {
            bothAlive.await(30, TimeUnit.SECONDS);
            record(test, srv);
            try {
                SEEN.put(test + " untied thread", untied.submit(() -> InetAddress.getByName("svc").getHostAddress()).get());
            } catch (java.util.concurrent.ExecutionException e) {
                SEEN.put(test + " untied thread", e.getCause().toString());
            }
            bothAlive.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void parallelTestsMappingOneNameDifferentlyEachGetTheirOwn() throws Exception {
        SEEN.clear();
        bothAlive = new CyclicBarrier(2);
        untied = Executors.newSingleThreadExecutor(r -> new Thread(r, "untied-pool-thread"));
        try {
            untied.submit(() -> { }).get(); // its thread exists before any topology
            Kit.run(ParallelTestCase.class, Kit.parallel(2)).testEvents()
                    .assertStatistics(s -> s.started(2).succeeded(2));
        } finally {
            untied.shutdownNow();
            assertThat(untied.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        String ambiguous = "java.net.UnknownHostException: svc: declared differently by 2 topologies alive now (";
        assertThat(SEEN).hasSize(8)
                .contains(Map.entry("one test thread", "10.46.1.2"), Map.entry("one started thread", "10.46.1.2"),
                        Map.entry("one namespace thread", "10.46.1.2"),
                        Map.entry("two test thread", "10.46.2.2"), Map.entry("two started thread", "10.46.2.2"),
                        Map.entry("two namespace thread", "10.46.2.2"));
        assertThat(SEEN.get("one untied thread")).startsWith(ambiguous)
                .contains("10.46.1.2", "10.46.2.2", "thread 'untied-pool-thread' belongs to none of their tests");
        assertThat(SEEN.get("two untied thread")).startsWith(ambiguous);
        assertUnknownWithoutTraffic("svc");
    }
}
