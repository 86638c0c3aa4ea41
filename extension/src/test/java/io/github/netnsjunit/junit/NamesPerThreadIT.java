package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.internal.CommonPoolThreadFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host names answer for the namespace or test a thread serves, never for whoever made a pool worker (issue 24 item
 * 2), in parallel runs. The oracle is what {@code InetAddress.getByName} returns on each thread, against the
 * addresses each fixture declares; names that are not ours are only looked up from namespaces without routes, so no
 * query leaves the machine (see {@link HostNameLifecycleIT#assertUnknownWithoutTraffic}).
 *
 * <p>Before the fix: the pool worker made by test {@code a} answered {@code svc} with a's 10.47.1.2 in test
 * {@code b}, and a test declaring no names resolved the other live test's {@code svc} (10.47.3.2).
 */
class NamesPerThreadIT {
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();
    static CyclicBarrier bothAlive;
    static CyclicBarrier workerMade;
    /** A pool with netns-junit's common-pool factory, one worker: made by whichever test submits first. */
    static ForkJoinPool pool;

    @BeforeAll
    static void jdk18() {
        HostNamesIT.assumeResolver();
    }

    static String lookup(Callable<InetAddress> lookup) {
        try {
            return lookup.call().getHostAddress();
        } catch (UnknownHostException e) {
            return e.toString();
        } catch (ExecutionException e) {
            return e.getCause().toString();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    @KitFixture
    static class PoolWorkerTestCase {
        @Test
        @NetNamespace(value = "srv", hostnames = "svc")
        @VethPair(name = "v0", namespace = "srv", address = "10.47.1.2/24", peer = "v1", peerNamespace = "srv",
                peerAddress = "10.47.1.3/24")
        void a() throws Exception {
            bothAlive.await(30, TimeUnit.SECONDS);
            // the worker is created now, by this test's thread, which is tied to this test's names
            SEEN.put("a via its pool task", lookup(() -> pool.submit(() -> InetAddress.getByName("svc")).get()));
            workerMade.await(30, TimeUnit.SECONDS);
            bothAlive.await(30, TimeUnit.SECONDS);
        }

        @Test
        @NetNamespace(value = "srv", hostnames = "svc")
        @VethPair(name = "v0", namespace = "srv", address = "10.47.2.2/24", peer = "v1", peerNamespace = "srv",
                peerAddress = "10.47.2.3/24")
        void b() throws Exception {
            bothAlive.await(30, TimeUnit.SECONDS);
            workerMade.await(30, TimeUnit.SECONDS);
            SEEN.put("b via a's pool worker", lookup(() -> pool.submit(() -> InetAddress.getByName("svc")).get()));
            SEEN.put("b test thread", lookup(() -> InetAddress.getByName("svc")));
            bothAlive.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPoolWorkerAnswersForNoTestButTheOneWhoseThreadMadeIt() throws Exception {
        SEEN.clear();
        bothAlive = new CyclicBarrier(2);
        workerMade = new CyclicBarrier(2);
        pool = new ForkJoinPool(1, new CommonPoolThreadFactory(), null, false);
        try {
            Kit.run(PoolWorkerTestCase.class, Kit.parallel(2)).testEvents()
                    .assertStatistics(s -> s.started(2).succeeded(2));
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(SEEN.get("b test thread")).isEqualTo("10.47.2.2");
        // a's own task, on the worker a made, while b maps svc elsewhere: a pool worker is tied to no test
        String ambiguous = "java.net.UnknownHostException: svc: declared differently by 2 topologies alive now (";
        assertThat(SEEN.get("a via its pool task")).contains(ambiguous);
        assertThat(SEEN.get("b via a's pool worker")).contains(ambiguous).contains("10.47.1.2", "10.47.2.2");
    }

    @KitFixture
    static class UnnamedTestCase {
        @Test
        @NetNamespace(value = "srv", hostnames = "svc")
        @VethPair(name = "v0", namespace = "srv", address = "10.47.3.2/24", peer = "v1", peerNamespace = "srv",
                peerAddress = "10.47.3.3/24")
        void named(@Ns("srv") NetNs srv) throws Exception {
            bothAlive.await(30, TimeUnit.SECONDS);
            SEEN.put("named namespace thread", lookup(() -> srv.call(() -> InetAddress.getByName("svc"))));
            bothAlive.await(30, TimeUnit.SECONDS);
        }

        @Test
        @NetNamespace("quiet")
        @VethPair(name = "v0", namespace = "quiet", address = "10.47.4.2/24", peer = "v1", peerNamespace = "quiet",
                peerAddress = "10.47.4.3/24")
        void unnamed(@Ns("quiet") NetNs quiet) throws Exception {
            bothAlive.await(30, TimeUnit.SECONDS);
            // from its namespace (no route out: a query for a name not ours fails there at once)
            SEEN.put("unnamed namespace thread", lookup(() -> quiet.call(() -> InetAddress.getByName("svc"))));
            bothAlive.await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTestThatDeclaresNoNamesDoesNotResolveAnotherLiveTestsNames() throws Exception {
        SEEN.clear();
        bothAlive = new CyclicBarrier(2);
        Kit.run(UnnamedTestCase.class, Kit.parallel(2)).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(SEEN.get("named namespace thread")).isEqualTo("10.47.3.2");
        assertThat(SEEN.get("unnamed namespace thread")).startsWith("java.net.UnknownHostException: svc")
                .doesNotContain("10.47.3.2");
    }
}
