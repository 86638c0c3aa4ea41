package io.github.netnsjunit.samples.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * OkHttp 5's default client, static as applications hold it. OkHttp connects on threads of its own
 * ({@code OkHttp TaskRunner}, fast fallback) and keeps a connection pool; all of them live in {@code host}, where the
 * client was first used, and reach each test's server in {@code srv} by its name {@code api}. Nothing to configure.
 */
@ApiServer
@Timeout(30)
class OkHttpSample {
    static final OkHttpClient CLIENT = new OkHttpClient();

    static TokenHttpServer decoy;
    TokenHttpServer server;

    @BeforeAll
    static void theClientWasUsedBeforeAgainstADecoy() throws Exception {
        decoy = TokenHttpServer.decoy();
        assertThat(get(decoy.url("127.0.0.1"))).startsWith("DECOY ");
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
    void reachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        assertThat(get(server.url(Api.NAME))).isEqualTo(server.expectedReply(srv));
        assertThat(Where.thread()).isEqualTo(Where.of(host));
    }

    private static String get(String url) throws Exception {
        try (Response response = CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        }
    }
}
