package io.github.netnsjunit.samples.connectionfaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.netnsjunit.junit.AppliedConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connection faults under a real HTTP client, the JDK's {@code HttpClient}, unchanged and unaware: no proxy between
 * it and the server, no configuration pointing elsewhere. An upload cut by a reset after 100 kB (Toxiproxy's
 * {@code reset_peer} after data, a server that drops the connection mid-body), and a server whose first two
 * connects are refused (Hoverfly's and WireMock's "fail, then succeed") for a client that retries. The client is
 * in {@code host}, in the style README's "Testing real clients" recommends; the build runs this class with the client
 * samples, in a test JVM whose own namespace is private ({@code netns.junit.jvmNamespace=private}). Each request
 * has a timeout, as a client under test should: a fault that failed to act would fail the test, not hang it.
 */
@NetNamespace("catalog")
@VethPair(name = "to-catalog", namespace = "host", address = "10.0.8.2/24",
          peer = "eth0", peerNamespace = "catalog", peerAddress = "10.0.8.1/24")
class ConnectionFaultsSample {
    private static final int EXPORT_BYTES = 1 << 20;
    private static final URI EXPORT = URI.create("http://10.0.8.1:8080/export");
    private static final int IMPORT_BYTES = 1 << 20;
    private static final URI IMPORT = URI.create("http://10.0.8.1:8080/import");

    private HttpServer server;
    /**
     * One client for the class, as an application holds it, on JUnit's thread in {@code host}: the JVM's own
     * namespace, private to this test JVM ({@code netns.junit.jvmNamespace=private}), where the client's threads are
     * born and stay right for every test.
     */
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startTheCatalog(@Ns("catalog") NetNs catalog) throws Exception {
        server = catalog.call(() -> {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("10.0.8.1"), 8080), 0);
            s.createContext("/export", exchange -> {
                exchange.sendResponseHeaders(200, EXPORT_BYTES);
                try (var body = exchange.getResponseBody()) {
                    body.write(new byte[EXPORT_BYTES]);
                } catch (IOException cut) {
                    // the connection was reset under the server: that is the test
                }
                exchange.close();
            });
            s.createContext("/import", exchange -> {
                try (var body = exchange.getRequestBody()) {
                    byte[] got = String.valueOf(body.readAllBytes().length).getBytes(StandardCharsets.US_ASCII);
                    exchange.sendResponseHeaders(200, got.length);
                    exchange.getResponseBody().write(got);
                } catch (IOException cut) {
                    // the connection was reset under the server: that is the test
                }
                exchange.close();
            });
            s.start();
            return s;
        });
    }

    @AfterEach
    void stopTheCatalog(@Ns("catalog") NetNs catalog) throws Exception {
        catalog.run(() -> server.stop(0));
    }

    /**
     * The fault is where the upload arrives ({@code catalog}), counting what it receives: the server's connection is
     * reset at its first acknowledgement past 100 kB, and the client's send fails at once (it gets the reset too).
     */
    @Test
    void anUploadResetAfter100kBFailsAndTheNextOneSucceedsOnceHealed(@Ns("catalog") NetNs catalog) throws Exception {
        HttpRequest upload = HttpRequest.newBuilder(IMPORT).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[IMPORT_BYTES])).build();
        try (AppliedConnectionFault cut = catalog.connections("10.0.8.2", 8080)
                .direction(ConnectionFault.Direction.FROM_PEER).resetAfterBytes(100_000).apply()) {
            assertThatThrownBy(() -> http.send(upload, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
            assertThat(cut.packetsActedOn()).as("the fault hit the upload").isPositive();
        }
        assertThat(http.send(upload, HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo(String.valueOf(IMPORT_BYTES));
    }

    @Test
    @ConnectionFault(namespace = "catalog", peer = "10.0.8.2", port = 8080, kind = ConnectionFault.Kind.FAIL_FIRST,
                     amount = 2)
    void aClientThatRetriesGetsThroughAfterTwoRefusedConnects() throws Exception {
        HttpRequest export = HttpRequest.newBuilder(EXPORT).timeout(Duration.ofSeconds(20)).build();
        List<String> attempts = new ArrayList<>();
        HttpResponse<byte[]> response = null;
        while (response == null && attempts.size() < 5) {
            try {
                response = http.send(export, HttpResponse.BodyHandlers.ofByteArray());
                attempts.add("200");
            } catch (ConnectException refused) {
                attempts.add("refused");
            }
        }
        // the JDK's client retries a refused connect once by itself (jdk.httpclient.disableRetryConnect), so the two
        // refused connects may be one failed send or two
        assertThat(attempts).startsWith("refused").endsWith("200").hasSizeBetween(2, 3);
        assertThat(response.body()).hasSize(EXPORT_BYTES);
    }
}
