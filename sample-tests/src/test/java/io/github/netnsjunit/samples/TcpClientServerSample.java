package io.github.netnsjunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A realistic example: a Java echo server in namespace {@code server}, a client in {@code client}, joined by a
 * veth with IPv4 and IPv6 addresses. Nothing listens on the machine's own interfaces.
 */
@NetNamespace("server")
@NetNamespace("client")
@VethPair(name = "eth0", namespace = "server", address = {"10.0.0.1/24", "fd10::1/64"},
          peer = "eth0", peerNamespace = "client", peerAddress = {"10.0.0.2/24", "fd10::2/64"})
class TcpClientServerSample {

    @Test
    @InNamespace("client")
    void clientTalksToServerOverIpv4AndIpv6(@Ns("server") NetNs server) throws Exception {
        ServerSocket listener = server.call(() -> new ServerSocket(7000, 10, InetAddress.getByName("::")));
        // the executor's thread is started here, in the host namespace; the socket stays in "server"
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "echo-server"));
        try (listener) {
            Future<?> serving = pool.submit(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = listener.accept()) {
                        var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("echo " + in.readLine());
                    }
                }
                return null;
            });
            assertThat(exchange("10.0.0.1", "over v4")).isEqualTo("echo over v4");
            assertThat(exchange("fd10::1", "over v6")).isEqualTo("echo over v6");
            serving.get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Runs on the test's thread, which is inside namespace "client". */
    private static String exchange(String address, String line) throws Exception {
        try (Socket s = new Socket(address, 7000)) {
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }
}
