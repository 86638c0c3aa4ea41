package io.github.netnsjunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.LinkConditions;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A client with a timeout and retries against a UDP server across a lossy, slow link (40 ms each way, 30 % loss
 * from the server), with a seed so that a failure replays identically. By hand this is
 * {@code tc qdisc add dev eth0 root netem delay 40ms loss 30%} in both namespaces, and remembering to remove it.
 */
@NetNamespace("server")
@NetNamespace("client")
@VethPair(name = "eth0", namespace = "server", address = "10.30.0.1/24",
          peer = "eth0", peerNamespace = "client", peerAddress = "10.30.0.2/24")
@LinkConditions(namespace = "server", link = "eth0", delay = "40ms", loss = "30%", seed = 7)
@LinkConditions(namespace = "client", link = "eth0", delay = "40ms")
class LossySlowLinkRetrySample {

    @Test
    @InNamespace("client")
    void clientRetriesUntilAnswered(@Ns("server") NetNs server) throws Exception {
        DatagramSocket service = server.call(() -> new DatagramSocket(new InetSocketAddress("10.30.0.1", 5300)));
        Thread answering = new Thread(() -> {
            byte[] buf = new byte[512];
            while (!service.isClosed()) {
                try {
                    DatagramPacket q = new DatagramPacket(buf, buf.length);
                    service.receive(q);
                    byte[] a = ("answer to " + new String(q.getData(), 0, q.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    service.send(new DatagramPacket(a, a.length, q.getSocketAddress()));
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }, "udp-service");
        answering.start();
        try (service) {
            int answered = 0;
            int attempts = 0;
            for (int i = 0; i < 20; i++) {
                Result r = askWithRetry("query " + i);
                attempts += r.attempts();
                answered += r.answer() != null ? 1 : 0;
            }
            assertThat(answered).isEqualTo(20); // retries hide the loss
            assertThat(attempts).isGreaterThan(20); // but some answers were lost on the way back
        }
        answering.join(2000);
    }

    record Result(String answer, int attempts) {
    }

    /** The code under test: up to 8 attempts with a 200 ms timeout each (RTT here is 80 ms). */
    private static Result askWithRetry(String query) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(200);
            byte[] q = query.getBytes(StandardCharsets.UTF_8);
            for (int attempt = 1; attempt <= 8; attempt++) {
                s.send(new DatagramPacket(q, q.length, InetAddress.getByName("10.30.0.1"), 5300));
                try {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    s.receive(p);
                    return new Result(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8), attempt);
                } catch (SocketTimeoutException lost) {
                    // try again
                }
            }
            return new Result(null, 8);
        }
    }
}
