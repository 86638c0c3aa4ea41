package io.github.netnsjunit.samples.pmtu;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Block;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A path MTU black hole, one of the hardest production failures to reproduce: a tunnel-like link with MTU 1400 in
 * the middle of {@code client — r1 — r2 — server}, and r1 dropping the ICMP "fragmentation needed" that would tell
 * the client to send smaller packets (a firewall that drops all ICMP). The TCP handshake succeeds; 64 KiB written
 * by the client never arrive. The path trace names the cause and the fix; once the drop ends, the kernel's path MTU
 * discovery makes the same transfer work.
 */
@NetNamespace("client")
@NetNamespace(value = "r1", sysctl = "net.ipv4.ip_forward=1")
@NetNamespace(value = "r2", sysctl = "net.ipv4.ip_forward=1")
@NetNamespace("server")
@VethPair(name = "eth0", namespace = "client", address = "10.81.0.1/24", peer = "eth0", peerNamespace = "r1",
        peerAddress = "10.81.0.2/24")
@VethPair(name = "tun0", namespace = "r1", address = "10.82.0.1/24", peer = "tun0", peerNamespace = "r2",
        peerAddress = "10.82.0.2/24", mtu = 1400)
@VethPair(name = "eth1", namespace = "r2", address = "10.83.0.1/24", peer = "eth0", peerNamespace = "server",
        peerAddress = "10.83.0.2/24")
@Route(namespace = "client", via = "10.81.0.2")
@Route(namespace = "r1", to = "10.83.0.0/24", via = "10.82.0.2")
@Route(namespace = "r2", to = "10.81.0.0/24", via = "10.82.0.1")
@Route(namespace = "server", via = "10.83.0.1")
class PmtuBlackHoleSample {
    private static final int BYTES = 64 * 1024;

    @Test
    @InNamespace("client")
    void theTransferStallsAfterTheHandshakeAndTheTraceSaysWhy(@Ns("client") NetNs client, @Ns("r1") NetNs r1,
            @Ns("server") NetNs server) throws Exception {
        Block icmpFirewall = r1.dropFragmentationNeeded();
        try (ServerSocket listener = server.call(() -> new ServerSocket(9000, 10,
                InetAddress.getByName("10.83.0.2")))) {
            assertThat(sendAndCount(listener, 3)).as("bytes that crossed the black hole").isZero();

            PathTrace trace = client.trace("10.83.0.2", 9000);
            System.out.println(trace); // the hop account, the path's MTUs, the cause and the fix
            assertThat(trace.cause()).isEqualTo(PathTrace.Cause.PMTU_BLACK_HOLE);
            assertThat(trace.explanation()).contains("packets of 1500 bytes leave client")
                    .contains("the link from r1 to r2 (tun0) carries 1400")
                    .contains("that would tell client to send smaller packets is dropped by rule")
                    .contains("in r1 (netns-junit's, made by NetNs(r1).dropFragmentationNeeded()");

            icmpFirewall.close(); // let "fragmentation needed" through: path MTU discovery works again
            // (r1 rate-limits its ICMP errors, about one a second once its burst is spent: the first may take a while)
            assertThat(sendAndCount(listener, 10)).as("bytes that crossed with PMTU discovery").isEqualTo(BYTES);
        }
    }

    /** Accepts the connection from {@code port}, closing others (the trace's probe connection waits there too). */
    private static Socket acceptFrom(ServerSocket listener, int port) throws Exception {
        while (true) {
            Socket in = listener.accept();
            if (in.getPort() == port) {
                return in;
            }
            in.close();
        }
    }

    /** Connects (the handshake must succeed), writes 64 KiB, and counts what the server reads within the bound. */
    private static int sendAndCount(ServerSocket listener, int seconds) throws Exception {
        try (Socket out = new Socket()) {
            out.setSendBufferSize(4 * BYTES); // the write returns at once: it is the arrival that stalls
            out.connect(new InetSocketAddress("10.83.0.2", 9000), 2000);
            listener.setSoTimeout(2000);
            try (Socket in = acceptFrom(listener, out.getLocalPort())) {
                out.getOutputStream().write(new byte[BYTES]);
                in.setSoTimeout(250);
                InputStream stream = in.getInputStream();
                byte[] buffer = new byte[BYTES];
                int total = 0;
                long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                while (total < BYTES && System.nanoTime() < deadline) {
                    try {
                        int n = stream.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        total += n;
                    } catch (SocketTimeoutException e) {
                        // nothing yet: wait on until the deadline
                    }
                }
                return total;
            }
        }
    }
}
