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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * The JDK's {@code java.net.http.HttpClient}, one static client for the class as an application holds it, used
 * synchronously ({@code send}) and asynchronously ({@code sendAsync}, completed on the client's
 * {@code HttpClient-N-Worker} threads). The client code needs nothing from netns-junit: it runs on JUnit's thread in
 * {@code host}, and the client's own threads are born there; each test's server runs in {@code srv}, reached by its
 * name {@code api}.
 */
@ApiServer
@Timeout(30)
class JdkHttpClientSample {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static TokenHttpServer decoy;
    TokenHttpServer server;

    /** As in any real suite, the client was used before the tests: here against a decoy on the JVM's loopback. */
    @BeforeAll
    static void theClientWasUsedBeforeAgainstADecoy() throws Exception {
        decoy = TokenHttpServer.decoy();
        assertThat(CLIENT.send(get(decoy.url("127.0.0.1")), BodyHandlers.ofString()).body()).startsWith("DECOY ");
    }

    @AfterAll
    static void stopTheDecoy() {
        decoy.close();
    }

    /** Each test's own server, with a token of its own, on the decoy's port, in {@code srv}. */
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
    void sendReachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        String reply = CLIENT.send(get(server.url(Api.NAME)), BodyHandlers.ofString()).body();

        assertThat(reply).isEqualTo(server.expectedReply(srv));
        assertThat(Where.thread()).isEqualTo(Where.of(host));
    }

    @RepeatedTest(3)
    void sendAsyncReachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        String reply = CLIENT.sendAsync(get(server.url(Api.NAME)), BodyHandlers.ofString())
                .thenApply(response -> response.body() + " on " + Where.thread()) // on the client's own thread
                .get(20, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo(server.expectedReply(srv) + " on " + Where.of(host));
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    }
}
