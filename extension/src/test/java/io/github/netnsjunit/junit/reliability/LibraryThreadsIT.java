package io.github.netnsjunit.junit.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.Kit;
import io.github.netnsjunit.junit.KitFixture;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.TeardownException;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;

/**
 * A client library's shared threads left in a test's namespace fail the test with what they are and the fix that
 * works for them (never "shut down executors you started"); threads that end by themselves within a second or two
 * (Netty's global executor) are waited for, so the test passes. Real reactor-netty and Netty, traffic on the
 * namespace's own loopback.
 */
class LibraryThreadsIT {

    @KitFixture
    @NetNamespace("ns0")
    static class ReactorNettyGlobalLoopsTestCase {
        @Test
        @InNamespace("ns0")
        void usesTheGlobalLoops() throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", x -> {
                x.sendResponseHeaders(204, -1);
                x.close();
            });
            server.start();
            try {
                Integer status = HttpClient.create().get().uri("http://127.0.0.1:" + server.getAddress().getPort() + "/")
                        .response().map(r -> r.status().code()).block(Duration.ofSeconds(10));
                assertThat(status).isEqualTo(204);
            } finally {
                server.stop(0);
            }
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    static class NettyGlobalExecutorTestCase {
        @Test
        @InNamespace("ns0")
        void usesTheGlobalExecutor() throws Exception {
            CountDownLatch ran = new CountDownLatch(1);
            GlobalEventExecutor.INSTANCE.execute(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void reactorNettysGlobalLoopsFailTheTestWithTheRecommendedStyleAsTheFix() {
        // the global loops are made by the first client that needs them: here, inside the fixture's namespace
        HttpResources.disposeLoopsAndConnectionsLater().block(Duration.ofSeconds(10));
        EngineExecutionResults results;
        try {
            results = Kit.run(ReactorNettyGlobalLoopsTestCase.class);
        } finally {
            HttpResources.disposeLoopsAndConnectionsLater().block(Duration.ofSeconds(10));
        }
        Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getCause();
        assertThat(failure).isInstanceOf(TeardownException.class);
        assertThat(failure.getMessage()).matches("(?s)Teardown of the network topology failed \\(1 problem\\):\n"
                + "  - Library threads outlived the test inside its namespace: thread 'reactor-http-(epoll|nio)-\\d+'"
                + " \\(tid \\d+\\) in netns ns0 is reactor-netty's: an event loop of reactor-netty's global"
                + " LoopResources .*")
                .contains("Fix: make and use the client on JUnit's thread in host with"
                        + " -Dnetns.junit.jvmNamespace=private")
                .doesNotContain("shut down executors started in the test");
    }

    @Test
    void nettysGlobalExecutorIsWaitedFor() {
        long started = System.nanoTime();
        Kit.run(NettyGlobalExecutorTestCase.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        // it ends about 1 s after its last task; the check waited for that, no longer than its bound
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
}
