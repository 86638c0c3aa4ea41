package io.github.netnsjunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Application code reads where its services are from configuration, as host names: here an inventory client
 * configured with {@code inventory.url=http://inventory.test:8080/}. The test gives namespace {@code inventory} that
 * name, runs a server there, and the unchanged client, running in namespace {@code shop}, finds it by name: on Java
 * 18+ through netns-junit's {@code InetAddressResolverProvider}, on Java 17 through the JDK's native lookup, which
 * asks the topology's DNS server in {@code shop}.
 */
@NetNamespace(value = "inventory", hostnames = "inventory.test")
@NetNamespace("shop")
@VethPair(name = "eth0", namespace = "shop", address = "10.0.7.2/24",
          peer = "eth0", peerNamespace = "inventory", peerAddress = "10.0.7.1/24")
class HostNameClientSample {

    /** The application's client, configured as in production: it knows a URL, not an address. */
    static final class InventoryClient implements AutoCloseable {
        private final URI base;
        private final HttpClient http = HttpClient.newHttpClient();

        InventoryClient(Properties configuration) {
            this.base = URI.create(configuration.getProperty("inventory.url"));
        }

        int stock(String item) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("stock/" + item)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return Integer.parseInt(response.body().trim());
        }

        @Override
        public void close() throws Exception {
            if (http instanceof AutoCloseable closeable) { // Java 21+: ends the client's threads now
                closeable.close();
            }
        }
    }

    @Test
    @InNamespace("shop")
    void clientConfiguredWithAHostNameReachesTheServer(@Ns("inventory") NetNs inventory) throws Exception {
        HttpServer server = inventory.call(() -> {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("10.0.7.1"), 8080), 0);
            s.createContext("/stock/", exchange -> {
                byte[] body = "42\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            s.start();
            return s;
        });
        Properties configuration = new Properties();
        configuration.load(new StringReader("inventory.url=http://inventory.test:8080/\n"));
        try (InventoryClient client = new InventoryClient(configuration)) {
            assertThat(client.stock("apples")).isEqualTo(42);
        } finally {
            inventory.run(() -> server.stop(0));
        }
        assertThat(InetAddress.getByName("inventory.test").getHostAddress()).isEqualTo("10.0.7.1");
    }
}
