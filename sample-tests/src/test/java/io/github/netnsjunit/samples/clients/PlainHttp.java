package io.github.netnsjunit.samples.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** {@code GET /} over a plain socket on the calling thread, one connection per request: no pool, no threads. */
final class PlainHttp {
    private PlainHttp() {
    }

    /** The body of {@code http://host:port/}. */
    static String get(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200")) {
                throw new IOException("unexpected response from " + host + ":" + port + ": " + response);
            }
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
