package io.github.netnsjunit.samples.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The same style in JUnit's parallel mode (this class runs in a Failsafe execution of its own with
 * {@code junit.jupiter.execution.parallel.enabled=true}): the tests are submitted concurrently, each with its own
 * topology and token, through one static JDK {@code HttpClient} and one static OkHttp client. Tests that use
 * {@code host} run one at a time inside the JVM, so each still reaches only its own server, by the same name.
 */
@ApiServer
@Execution(ExecutionMode.CONCURRENT)
@Timeout(60)
class ParallelClientsSample {
    static final HttpClient JDK = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final OkHttpClient OKHTTP = new OkHttpClient();

    static TokenHttpServer decoy;
    TokenHttpServer server;

    @BeforeAll
    static void theClientsWereUsedBeforeAgainstADecoy() throws Exception {
        decoy = TokenHttpServer.decoy();
        assertThat(jdkGet(decoy.url("127.0.0.1"))).startsWith("DECOY ");
        assertThat(okGet(decoy.url("127.0.0.1"))).startsWith("DECOY ");
    }

    @AfterAll
    static void stopTheDecoy() {
        decoy.close();
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
    void jdkClientReachesThisTestsServer(@Ns("srv") NetNs srv) throws Exception {
        assertThat(jdkGet(server.url(Api.NAME))).isEqualTo(server.expectedReply(srv));
    }

    @RepeatedTest(3)
    void okHttpReachesThisTestsServer(@Ns("srv") NetNs srv) throws Exception {
        assertThat(okGet(server.url(Api.NAME))).isEqualTo(server.expectedReply(srv));
    }

    private static String jdkGet(String url) throws Exception {
        return JDK.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString()).get(20, TimeUnit.SECONDS).body();
    }

    private static String okGet(String url) throws Exception {
        try (Response response = OKHTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        }
    }
}
