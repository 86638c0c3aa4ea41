package io.github.netnsjunit.samples.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * reactor-netty's {@code HttpClient} and Spring's {@code WebClient} on top of it, with
 * {@code retryWhen(Retry.backoff(...))}: connections are made on reactor-netty's global {@code reactor-http-epoll-N}
 * event loops, retries are scheduled on Reactor's {@code parallel-N} threads. All of them live in {@code host} and
 * reach each test's server in {@code srv}, whose first answer is a 503 so that every test retries once.
 *
 * <p>Nothing to configure for names: reactor-netty resolves with Netty's own DNS client by default, which asks the
 * name servers of {@code /etc/resolv.conf}; in a private {@code host} the topology's DNS server answers there, so
 * {@code api} resolves with the library's default resolver.
 */
@ApiServer
@Timeout(30)
class ReactorNettyAndWebClientSample {
    static final HttpClient NETTY = HttpClient.create()
            .responseTimeout(Duration.ofSeconds(10));
    static final WebClient WEB = WebClient.builder().clientConnector(new ReactorClientHttpConnector(NETTY)).build();

    static TokenHttpServer decoy;
    TokenHttpServer server;

    @BeforeAll
    static void theClientsWereUsedBeforeAgainstADecoy() throws Exception {
        decoy = TokenHttpServer.decoy();
        assertThat(nettyGet(decoy.url("127.0.0.1"))).startsWith("DECOY ");
        assertThat(webGet(decoy.url("127.0.0.1"))).startsWith("DECOY ");
    }

    @AfterAll
    static void stopTheDecoy() {
        decoy.close();
    }

    @BeforeEach
    @InNamespace("srv")
    void startThisTestsServer() throws Exception {
        server = TokenHttpServer.startFailingFirst(decoy.port(), 1);
    }

    @AfterEach
    @InNamespace("srv")
    void stopThisTestsServer() {
        server.close();
    }

    @RepeatedTest(3)
    void reactorNettyReachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) {
        String reply = NETTY.get().uri(server.url(Api.NAME))
                .responseSingle((response, body) -> response.status().code() == 503
                        ? Mono.error(new IllegalStateException("503"))
                        : body.asString())
                .retryWhen(Retry.backoff(3, Duration.ofMillis(50)))
                .block(Duration.ofSeconds(20));

        assertThat(reply).isEqualTo(server.expectedReply(srv));
        assertThat(Where.thread()).isEqualTo(Where.of(host));
    }

    @RepeatedTest(3)
    void webClientWithRetriesReachesThisTestsServer(@Ns("srv") NetNs srv) {
        assertThat(webGet(server.url(Api.NAME))).isEqualTo(server.expectedReply(srv));
    }

    private static String nettyGet(String url) {
        return NETTY.get().uri(url).responseContent().aggregate().asString().block(Duration.ofSeconds(20));
    }

    private static String webGet(String url) {
        return WEB.get().uri(url).retrieve().bodyToMono(String.class)
                .retryWhen(Retry.backoff(3, Duration.ofMillis(50)))
                .block(Duration.ofSeconds(20));
    }
}
