package io.github.netnsjunit.samples.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Lettuce (one static {@code RedisClient}: Netty event loops and Lettuce's computation threads, shared by its
 * connections) and Jedis (blocking sockets on the caller's thread) against a real {@code redis-server}, started in
 * {@code srv} with {@link NetNs#start(ProcessBuilder)} for each test and holding that test's token. Skipped, naming
 * the Debian package, where {@code redis-server} is not installed.
 *
 * <p>Nothing to configure for names: with {@code netty-resolver-dns} on the class path (reactor-netty brings it)
 * Lettuce resolves with Netty's own DNS client, which asks the name servers of {@code /etc/resolv.conf}; in a private
 * {@code host} the topology's DNS server answers there, so {@code api} resolves with Lettuce's default resources.
 */
@ApiServer
@Timeout(30)
class RedisClientsSample {
    static ClientResources resources;
    static RedisClient lettuce;
    static RedisServer decoy;
    RedisServer server;

    @BeforeAll
    static void theClientsWereUsedBeforeAgainstADecoy() throws Exception {
        RedisServer.assumeInstalled();
        resources = ClientResources.create();
        lettuce = RedisClient.create(resources);
        decoy = RedisServer.decoy();
        assertThat(lettuceGet("127.0.0.1")).isEqualTo("DECOY");
        assertThat(jedisGet("127.0.0.1")).isEqualTo("DECOY");
    }

    @AfterAll
    static void stopTheDecoyAndTheClient() throws Exception {
        if (lettuce != null) {
            lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(5));
            resources.shutdown(0, 5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        }
        if (decoy != null) {
            decoy.close();
        }
    }

    @BeforeEach
    void startThisTestsServer(@Ns("srv") NetNs srv) throws Exception {
        server = RedisServer.startIn(srv, decoy.port, UUID.randomUUID().toString());
    }

    @AfterEach
    void stopThisTestsServer() throws Exception {
        server.close();
    }

    @RepeatedTest(3)
    void lettuceReachesThisTestsServer(@Ns("host") NetNs host, @Ns("srv") NetNs srv) throws Exception {
        assertThat(lettuceGet(Api.NAME)).isEqualTo(server.token);
        assertThat(server.where()).isEqualTo(Where.of(srv));
        assertThat(Where.thread()).isEqualTo(Where.of(host));
    }

    @RepeatedTest(3)
    void jedisReachesThisTestsServer(@Ns("srv") NetNs srv) {
        assertThat(jedisGet(Api.NAME)).isEqualTo(server.token);
        assertThat(server.where()).isEqualTo(Where.of(srv));
    }

    /** GET token, asynchronously: the reply completes on Lettuce's own threads. */
    private static String lettuceGet(String host) throws Exception {
        RedisURI uri = RedisURI.builder().withHost(host).withPort(decoy.port).withTimeout(Duration.ofSeconds(10))
                .build();
        try (StatefulRedisConnection<String, String> connection = lettuce.connect(uri)) {
            return connection.async().get("token").get(10, TimeUnit.SECONDS);
        }
    }

    private static String jedisGet(String host) {
        try (Jedis jedis = new Jedis(new HostAndPort(host, decoy.port),
                DefaultJedisClientConfig.builder().timeoutMillis(5000).build())) {
            return jedis.get("token");
        }
    }
}
