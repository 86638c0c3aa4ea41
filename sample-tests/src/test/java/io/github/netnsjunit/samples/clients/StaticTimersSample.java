package io.github.netnsjunit.samples.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Threads an application keeps for the whole JVM: a static {@code ScheduledExecutorService} and a static
 * {@code Timer}. Both were made, and first used, before the tests, in {@code host}; the work each test hands them
 * reaches that test's server in {@code srv} by name. Virtual threads: {@link VirtualThreadsSample} (JDK 21+).
 */
@ApiServer
@Timeout(30)
class StaticTimersSample {
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    static final Timer TIMER = new Timer("sample-timer", true);

    static TokenHttpServer decoy;
    TokenHttpServer server;

    @BeforeAll
    static void theThreadsWereUsedBeforeAgainstADecoy() throws Exception {
        decoy = TokenHttpServer.decoy();
        Callable<String> get = () -> PlainHttp.get("127.0.0.1", decoy.port());
        assertThat(SCHEDULER.schedule(get, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS)).startsWith("DECOY ");
        assertThat(onTimer(get)).startsWith("DECOY ");
    }

    @AfterAll
    static void stopTheDecoy() throws Exception {
        decoy.close();
        SCHEDULER.shutdownNow();
        SCHEDULER.awaitTermination(5, TimeUnit.SECONDS);
        TIMER.cancel();
    }

    @BeforeEach
    @InNamespace("srv")
    void startThisTestsServer() throws Exception {
        server = TokenHttpServer.start(decoy.port());
    }

    @AfterEach
    @InNamespace("srv")
    void stopThisTestsServer() {
        server.close();
    }

    @RepeatedTest(3)
    void theSchedulerReachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        String reply = SCHEDULER.schedule(this::getWhere, 1, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(server.expectedReply(srv) + " on " + Where.of(host));
    }

    @RepeatedTest(3)
    void theTimerReachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        assertThat(onTimer(this::getWhere)).isEqualTo(server.expectedReply(srv) + " on " + Where.of(host));
    }

    /** The server's reply, and the namespace of the thread that fetched it. */
    private String getWhere() throws Exception {
        return PlainHttp.get(Api.NAME, server.port()) + " on " + Where.thread();
    }

    private static String onTimer(Callable<String> work) throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        TIMER.schedule(new TimerTask() {
            @Override
            public void run() {
                try {
                    result.complete(work.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            }
        }, 1);
        return result.get(10, TimeUnit.SECONDS);
    }
}
