package io.github.netnsjunit.samples.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Virtual threads: their carriers are the JDK scheduler's {@code ForkJoinPool-N-worker} threads, which the JVM keeps
 * and shares, and a virtual thread's I/O runs on its carrier. The executor was made, and first used, before the
 * tests, in {@code host} (against a decoy); the work each test hands it reaches that test's server in {@code srv} by
 * name. JDK 21+: {@code sample-tests/pom.xml} runs this class only there (on older JDKs the build says so in one
 * line); run directly on an older JDK, it is skipped, naming the JDK.
 */
@ApiServer
@Timeout(30)
class VirtualThreadsSample {
    /** {@code Executors.newVirtualThreadPerTaskExecutor()} on JDK 21+ (this module compiles for 17), else null. */
    static final ExecutorService VIRTUAL = virtualThreadPerTaskExecutor();

    static TokenHttpServer decoy;
    TokenHttpServer server;

    @BeforeAll
    static void theThreadsWereUsedBeforeAgainstADecoy() throws Exception {
        decoy = TokenHttpServer.decoy();
        Callable<String> get = () -> PlainHttp.get("127.0.0.1", decoy.port());
        if (VIRTUAL != null) {
            assertThat(VIRTUAL.submit(get).get(10, TimeUnit.SECONDS)).startsWith("DECOY ");
        }
    }

    @AfterAll
    static void stopTheDecoy() throws Exception {
        decoy.close();
        if (VIRTUAL != null) {
            VIRTUAL.shutdownNow();
        }
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
    void aVirtualThreadReachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        assumeTrue(VIRTUAL != null, "virtual threads need JDK 21+; this JVM is JDK " + Runtime.version().feature());
        String reply = VIRTUAL.submit(this::getWhere).get(10, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(server.expectedReply(srv) + " on " + Where.of(host));
    }

    /** The server's reply, and the namespace of the thread that fetched it. */
    private String getWhere() throws Exception {
        return PlainHttp.get(Api.NAME, server.port()) + " on " + Where.thread();
    }

    private static ExecutorService virtualThreadPerTaskExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (NoSuchMethodException beforeJdk21) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
