package io.github.netnsjunit.samples.conditions;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.CountedFault;
import io.github.netnsjunit.junit.FaultsMustHit;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.LinkConditions;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Conditions on part of the traffic: a service answers on two ports, and only the packets the client sends to one
 * of them (8081, say a replica in another region) are delayed 100 ms; the other port stays fast. By hand this is an
 * htb root, a class with netem, and u32 filters matching TCP destination port 8081 — here one annotation, carried by
 * the kernel (where it has netem) or by the userspace relay (as on a kernel without it).
 *
 * <p>{@link FaultsMustHit} makes sure the slow path was really exercised: had the client never used port 8081 (or
 * the filter named the wrong port), the test would fail saying the conditions hit nothing. The conditions' own count
 * ({@link NetNs#conditionsInForce}) shows that the fast port's packets were not theirs.
 */
@NetNamespace("server")
@NetNamespace("client")
@VethPair(name = "eth0", namespace = "server", address = "10.31.0.1/24",
          peer = "eth0", peerNamespace = "client", peerAddress = "10.31.0.2/24")
@LinkConditions(namespace = "client", link = "eth0", delay = "100ms", protocol = LinkConditions.Protocol.TCP,
        toPort = 8081)
@FaultsMustHit
class FilteredConditionsSample {

    @Test
    @InNamespace("client")
    void onlyThePortWithConditionsIsSlow(@Ns("server") NetNs server, @Ns("client") NetNs client) throws Exception {
        try (ServerSocket fast = server.call(() -> listen(8080)); ServerSocket slow = server.call(() -> listen(8081))) {
            serve(fast);
            serve(slow);
            CountedFault conditions = client.conditionsInForce("eth0");

            askMillis(8080); // the first connection also resolves the neighbour and loads the socket classes
            long fastMillis = askMillis(8080);
            // nothing of port 8080's connection met the conditions: they select port 8081 only
            assertThat(conditions.hits().isNone()).as("hits after port 8080: %s", conditions.hits()).isTrue();

            long slowMillis = askMillis(8081);
            // connecting waits for the delayed SYN (and its ACK), the answer for the delayed question: two delays
            String timings = "port 8080: " + fastMillis + " ms, port 8081: " + slowMillis + " ms";
            assertThat(slowMillis).as(timings).isGreaterThanOrEqualTo(190);
            // unshaped: well under the slow port's two delays, even on a busy machine (a few ms when idle)
            assertThat(fastMillis).as(timings).isLessThan(150);
            assertThat(conditions).wasHit().hitAtLeast(3); // SYN, ACK, the question at least
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress("10.31.0.1", port));
        return s;
    }

    /** Answers each line with "port P: LINE" until the socket is closed. */
    private static void serve(ServerSocket socket) {
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket c = socket.accept();
                        BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(),
                                StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(c.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    out.println("port " + socket.getLocalPort() + ": " + in.readLine());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "service-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** The client under test: connect, ask, read the answer; how long that took. */
    private static long askMillis(int port) throws IOException {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("10.31.0.1", port), 5000);
            s.setSoTimeout(5000);
            PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            out.println("hello");
            assertThat(in.readLine()).isEqualTo("port " + port + ": hello");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
