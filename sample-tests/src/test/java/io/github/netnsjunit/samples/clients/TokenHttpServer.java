package io.github.netnsjunit.samples.clients;

import com.sun.net.httpserver.HttpServer;
import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-line HTTP server: every request gets {@code "<token> <namespace>"}, the token the server was started with
 * and the network namespace of the thread that answered ({@link Where#thread()}). A test starts one with a fresh
 * token in namespace {@code srv} (its threads are born there), so a reply equal to {@link #expectedReply} proves
 * that the client reached this test's own server, and that the server ran in {@code srv}.
 */
final class TokenHttpServer implements AutoCloseable {
    /** The token of the decoy: a test that sees it reached the JVM's loopback instead of its own server. */
    static final String DECOY = "DECOY";

    private final HttpServer server;
    private final String token;

    private TokenHttpServer(HttpServer server, String token) {
        this.server = server;
        this.token = token;
    }

    /** A server with a fresh token on {@code 0.0.0.0:port}, in the calling thread's namespace. */
    static TokenHttpServer start(int port) throws IOException {
        return start(new InetSocketAddress(port), UUID.randomUUID().toString(), 0);
    }

    /** Like {@link #start(int)}, but the first {@code failures} requests get {@code 503}: for clients that retry. */
    static TokenHttpServer startFailingFirst(int port, int failures) throws IOException {
        return start(new InetSocketAddress(port), UUID.randomUUID().toString(), failures);
    }

    /** The decoy: {@code 127.0.0.1} on a free port, in the calling thread's namespace, answering {@link #DECOY}. */
    static TokenHttpServer decoy() throws IOException {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DECOY, 0);
    }

    private static TokenHttpServer start(InetSocketAddress address, String token, int failures) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        AtomicInteger failuresLeft = new AtomicInteger(failures);
        server.createContext("/", exchange -> {
            boolean fail = failuresLeft.getAndDecrement() > 0;
            byte[] body = (fail ? "try again" : token + " " + Where.thread()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(fail ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start(); // the dispatcher thread is started here, in the caller's namespace
        return new TokenHttpServer(server, token);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String token() {
        return token;
    }

    /** The reply of this server when it runs in {@code ns}. */
    String expectedReply(NetNs ns) {
        return token + " " + Where.of(ns);
    }

    /** {@code http://host:port/} of this server's port. */
    String url(String host) {
        return "http://" + host + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0); // closes every connection and ends the dispatcher thread
    }
}
