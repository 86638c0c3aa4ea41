package io.github.netnsjunit.junit.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.AppliedConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault.Direction;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection faults on IPv6 ({@code ip6} tables of ours): a refused first connect and a reset mid-download, proved by
 * the client's sockets and a capture of the server's link read back with {@code tcpdump -r}.
 */
@NetNamespace("client")
@NetNamespace("server")
@VethPair(name = "veth0", namespace = "client", address = "fd63::1/64", peer = "veth1", peerNamespace = "server",
        peerAddress = "fd63::2/64")
class ConnectionFaultIpv6IT {
    private static final String SERVER = "fd63::2";

    @TempDir
    Path dir;

    @Test
    void failFirstAndResetAfterBytesOnIpv6(@Ns("client") NetNs client, @Ns("server") NetNs server) throws Exception {
        try (ServerSocket listener = server.call(() -> new ServerSocket(8080, 50, InetAddress.getByName(SERVER)))) {
            try (AppliedConnectionFault first = client.connections(SERVER, 8080).failFirst(1).apply()) {
                assertThat(Kernel.nftRuleset(client.path())).contains("table ip6 netns_junit_conn",
                        "ip6 daddr fd63::2 tcp dport 8080 tcp flags syn / syn,ack numgen inc mod 2147483647 < 1");
                assertThat(connect(client)).isEqualTo("Connection refused");
                assertThat(connect(client)).isEqualTo("connected");
                listener.accept().close(); // that connection, so that the download below is the next one accepted
                assertThat(first.packetsActedOn()).isEqualTo(1);
            }
            Tcpdump capture = Tcpdump.start(server.path(), "veth1", dir.resolve("v6.pcap"),
                    List.of("-s", "200", "tcp", "port", "8080"));
            Thread sender = new Thread(() -> {
                try (Socket s = listener.accept(); OutputStream out = s.getOutputStream()) {
                    for (int i = 0; i < 256; i++) {
                        out.write(new byte[16384]);
                    }
                } catch (IOException expected) {
                    // reset under the server
                }
            }, "connection-fault-ipv6-server");
            long read = 0;
            String failure = "none";
            try (AppliedConnectionFault cut = client.connections(SERVER, 8080).direction(Direction.FROM_PEER)
                    .resetAfterBytes(50_000).apply()) {
                sender.start();
                try (Socket s = client.call(() -> new Socket(SERVER, 8080))) {
                    s.setSoTimeout(10_000);
                    InputStream in = s.getInputStream();
                    byte[] buffer = new byte[8192];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        read += n;
                    }
                } catch (IOException e) {
                    failure = e.getMessage();
                }
                sender.join(10_000);
            }
            List<String> packets = capture.settleAndStopUntimed();
            assertThat(failure).isEqualTo("Connection reset");
            assertThat(read).isGreaterThan(25_000).isLessThan(1 << 21);
            assertThat(packets).anyMatch(l -> l.startsWith("IP6 fd63::1.") && l.contains("> fd63::2.8080: Flags [R"));
        }
    }

    private static String connect(NetNs client) throws Exception {
        return client.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(SERVER, 8080), 2_000);
                return "connected";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
    }

    /**
     * IPv6, the fault on the writer's side and a reader with nothing to send: the copy of the refused segment that
     * reaches the reader as a reset ({@code dup} over IPv6) ends each of ten downloads in "Connection reset", none in
     * the 5 s read timeout; the capture at the reader shows the resets from the server's address.
     */
    @Test
    void resetAfterBytesOnTheWritersSideResetsTheReaderOnIpv6(@Ns("client") NetNs client, @Ns("server") NetNs server)
            throws Exception {
        try (ServerSocket listener = server.call(() -> new ServerSocket(8080, 50, InetAddress.getByName(SERVER)));
                AppliedConnectionFault cut = server.connections("fd63::1", 8080).direction(Direction.TO_PEER)
                        .resetAfterBytes(100_000).apply()) {
            Tcpdump capture = Tcpdump.start(client.path(), "veth0", dir.resolve("reader6.pcap"),
                    List.of("-s", "200", "tcp", "src", "port", "8080"));
            List<String> outcomes = Downloads.outcomes(listener, client, SERVER, 8080, 10);
            List<String> packets = capture.settleAndStopUntimed();
            assertThat(outcomes).hasSize(10).allMatch(o -> o.equals("Connection reset"));
            assertThat(packets).filteredOn(l -> l.startsWith("IP6 fd63::2.8080 > fd63::1.") && l.contains("Flags [R"))
                    .hasSizeGreaterThanOrEqualTo(10);
        }
    }
}
