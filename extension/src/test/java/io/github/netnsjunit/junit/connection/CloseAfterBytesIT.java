package io.github.netnsjunit.junit.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.AppliedConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault;
import io.github.netnsjunit.junit.ConnectionFault.Direction;
import io.github.netnsjunit.junit.LinkConditions;
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
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code closeAfterBytes(n)} (Toxiproxy's {@code limit_data}) made by the userspace relay, proved by the Java sockets
 * of both ends (the reader's -1 after exactly n bytes, the writer's failure), two captures read back with
 * {@code tcpdump -r} (the FIN the reader's end received, the RST the writer's end received, and nothing of the
 * connection after them but the relay's answers), and {@code ss} in both namespaces (no socket of the connection left
 * behind, none retransmitting). The same on a link that delays every frame: frames the relay still holds when the
 * count is reached do not cross the cut either.
 */
@NetNamespace("client")
@NetNamespace("server")
@VethPair(name = "veth0", namespace = "client", address = {"10.63.0.1/24", "fd63::1/64"}, peer = "veth1",
        peerNamespace = "server", peerAddress = {"10.63.0.2/24", "fd63::2/64"})
@LinkConditions(namespace = "client", link = "veth0")
class CloseAfterBytesIT {
    private static final String SERVER = "10.63.0.2";
    private static final int PORT = 8080;
    private static final int LIMIT = 100_000;

    @TempDir
    Path dir;

    @Test
    void theReaderGetsExactlyNBytesThenEndOfStreamAndTheWriterAReset(@Ns("client") NetNs client,
            @Ns("server") NetNs server) throws Exception {
        closesAfterTheLimit(client, server, SERVER, "10.63.0.1", "IP ", Direction.FROM_PEER);
    }

    @Test
    void bothDirectionsCountEachOnItsOwnAndTheFirstToReachNEndsIt(@Ns("client") NetNs client,
            @Ns("server") NetNs server) throws Exception {
        closesAfterTheLimit(client, server, SERVER, "10.63.0.1", "IP ", Direction.BOTH);
    }

    /**
     * On a link that delays every frame both ways, frames already on their way through the relay when the count is
     * reached do not cross the cut either: the reader's ACKs still queued towards the writer are dropped (the writer
     * sees nothing of the reader after its RST), and the reader's last bytes and FIN leave behind the data before them
     * (the reader's end sees the FIN last, then only the relay's ACK). The same assertions as without a delay.
     */
    @Test
    @LinkConditions(namespace = "client", link = "veth0", delay = "20ms", bothWays = true)
    void onADelayedLinkNothingQueuedCrossesTheCutAndTheFinComesLast(@Ns("client") NetNs client,
            @Ns("server") NetNs server) throws Exception {
        closesAfterTheLimit(client, server, SERVER, "10.63.0.1", "IP ", Direction.BOTH);
    }

    @Test
    void ipv6TheSame(@Ns("client") NetNs client, @Ns("server") NetNs server) throws Exception {
        closesAfterTheLimit(client, server, "fd63::2", "fd63::1", "IP6 ", Direction.FROM_PEER);
    }

    private void closesAfterTheLimit(NetNs client, NetNs server, String serverAddress, String clientAddress,
            String ip, Direction direction) throws Exception {
        boolean v6 = serverAddress.contains(":");
        byte[] chunk = new byte[64 * 1024];
        try (ServerSocket listener = server.call(() -> new ServerSocket(PORT, 50, InetAddress.getByName(serverAddress)));
                AppliedConnectionFault fault = client.connections(serverAddress, PORT).direction(direction)
                        .closeAfterBytes(LIMIT).apply()) {
            assertThat(fault.toString()).isEqualTo("client: connections with " + serverAddress + " port 8080: close (FIN to the "
                    + "reader, reset to the writer) after 100000 bytes ("
                    + (direction == Direction.BOTH ? "both directions" : "received from the peer") + ") (userspace relay)");
            Tcpdump atClient = Tcpdump.start(client.path(), "veth0", dir.resolve("client.pcap"),
                    List.of("-s", "200", "tcp", "port", "8080"));
            Tcpdump atServer = Tcpdump.start(server.path(), "veth1", dir.resolve("server.pcap"),
                    List.of("-s", "200", "tcp", "port", "8080"));
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            AtomicLong written = new AtomicLong();
            Thread serve = new Thread(() -> {
                try (Socket s = listener.accept(); OutputStream o = s.getOutputStream()) {
                    for (int i = 0; i < 10_000; i++) { // 640 MiB: far more than gets through
                        for (int k = 0; k < chunk.length; k++) {
                            chunk[k] = (byte) (written.get() + k);
                        }
                        o.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (Throwable t) {
                    serverFailure.set(t);
                }
            });
            serve.start();
            long read = 0;
            boolean inOrder = true;
            int eof;
            try (Socket s = client.call(() -> new Socket(serverAddress, PORT))) {
                s.setSoTimeout(10_000);
                // a request: counted the other way (with BOTH), far below the limit
                s.getOutputStream().write("GET /".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] buf = new byte[16 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    for (int k = 0; k < n; k++) {
                        inOrder &= buf[k] == (byte) (read + k); // the writer sent byte i as (byte) i
                    }
                    read += n;
                }
                eof = in.read();
            }
            serve.join(15_000);
            assertThat(serve.isAlive()).as("the writer stopped").isFalse();
            Thread.sleep(300);
            String ssClient = Kernel.nsenter(client.path(), "ss", "-tanoi", "dst",
                    v6 ? "[" + serverAddress + "]" : serverAddress);
            String ssServer = Kernel.nsenter(server.path(), "ss", "-tanoi", "dst",
                    v6 ? "[" + clientAddress + "]" : clientAddress);
            List<String> clientEnd = atClient.settleAndStopUntimed();
            List<String> serverEnd = atServer.settleAndStopUntimed();
            System.out.println("[closeAfterBytes " + serverAddress + "] read " + read + " bytes then " + eof + "; the server wrote "
                    + written.get() + " and failed with " + serverFailure.get() + "; hits " + fault.hits()
                    + "\n client's end:\n  " + String.join("\n  ", tail(clientEnd)) + "\n server's end:\n  "
                    + String.join("\n  ", tail(serverEnd)) + "\n ss client: " + ssClient + "\n ss server: " + ssServer);
            assertThat(read).as("bytes the reader got before end-of-stream").isEqualTo(LIMIT);
            assertThat(inOrder).as("the stream's first bytes, in order").isTrue();
            assertThat(eof).isEqualTo(-1);
            assertThat(serverFailure.get()).as("the writer's write fails").isInstanceOf(IOException.class);
            assertThat(serverFailure.get().getMessage()).containsAnyOf("reset", "Broken pipe");

            // the reader's end: one FIN from the server, ending at relative sequence number LIMIT + 1; after it
            // nothing of the server but the relay's acknowledgements (no data, no retransmission)
            String fromServer = ip + serverAddress + ".8080 > ";
            int fin = indexOf(clientEnd, l -> l.contains(fromServer) && l.contains("Flags [F"));
            assertThat(fin).as("a FIN reached the reader: " + clientEnd).isGreaterThanOrEqualTo(0);
            assertThat(clientEnd.get(fin)).contains(":" + (LIMIT + 1) + ",");
            assertThat(clientEnd.subList(fin + 1, clientEnd.size())).filteredOn(l -> l.contains(fromServer))
                    .allMatch(l -> l.contains("Flags [.]") && l.endsWith("length 0"));
            assertThat(clientEnd).noneMatch(l -> l.contains("Flags [R"));
            // the writer's end: a RST from the client's address; after it nothing of the client but resets
            String fromClient = "> " + serverAddress + ".8080: ";
            int rst = indexOf(serverEnd, l -> l.contains(fromClient) && l.contains("Flags [R"));
            assertThat(rst).as("a RST reached the writer: " + serverEnd).isGreaterThanOrEqualTo(0);
            assertThat(serverEnd.subList(rst + 1, serverEnd.size())).filteredOn(l -> l.contains(fromClient))
                    .allMatch(l -> l.contains("Flags [R"));
            assertThat(serverEnd).noneMatch(l -> l.contains(fromClient) && l.contains("Flags [F"));
            // no socket of the connection left on either side: the reader's close was acknowledged (no LAST-ACK,
            // no retransmitting timer), the writer's was reset
            assertThat(ssClient.lines().skip(1)).as("client sockets to the server").isEmpty();
            assertThat(ssServer.lines().skip(1)).as("server sockets of the connection").isEmpty();
            assertThat(fault.hits().packets()).as("frames cut: the crossing one and later ones")
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aNegativeCountIsRefused(@Ns("client") NetNs client) {
        assertThatThrownBy(() -> client.connections(SERVER, PORT).closeAfterBytes(-1).apply())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NetNs(client).connections(\"10.63.0.2\", 8080) CLOSE_AFTER_BYTES: amount -1 is not a byte count for "
                        + "CLOSE_AFTER_BYTES; give the bytes the reader gets before end-of-stream, 0 (a close before "
                        + "any data) to 2147483647.");
    }

    @Test
    void zeroBytesIsAnEmptyResponse(@Ns("client") NetNs client, @Ns("server") NetNs server) throws Exception {
        try (ServerSocket listener = server.call(() -> new ServerSocket(PORT, 50, InetAddress.getByName(SERVER)));
                AppliedConnectionFault fault = client.connections(SERVER, PORT).direction(Direction.FROM_PEER)
                        .closeAfterBytes(0).apply()) {
            AtomicReference<String> request = new AtomicReference<>();
            AtomicReference<Throwable> serverFailure = new AtomicReference<>();
            Thread serve = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    byte[] b = new byte[4];
                    int n = 0;
                    while (n < 4) {
                        n += s.getInputStream().read(b, n, 4 - n);
                    }
                    request.set(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    Thread.sleep(200); // the reset arrives
                    s.getOutputStream().write(new byte[1000]);
                } catch (Throwable t) {
                    serverFailure.set(t);
                }
            });
            serve.start();
            int first;
            try (Socket s = client.call(() -> new Socket(SERVER, PORT))) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                first = s.getInputStream().read();
            }
            serve.join(10_000);
            assertThat(request.get()).as("the request passes").isEqualTo("GET ");
            assertThat(first).as("the response: end-of-stream before any byte").isEqualTo(-1);
            assertThat(serverFailure.get()).as("the server's later write fails").isInstanceOf(IOException.class);
        }
    }

    @Test
    @io.github.netnsjunit.junit.ConnectionFault(namespace = "client", peer = SERVER, port = PORT,
            kind = ConnectionFault.Kind.CLOSE_AFTER_BYTES, amount = 5, direction = Direction.TO_PEER)
    void theDeclaredFormClosesTheRequestAfterFiveBytes(@Ns("client") NetNs client, @Ns("server") NetNs server)
            throws Exception {
        try (ServerSocket listener = server.call(() -> new ServerSocket(PORT, 50, InetAddress.getByName(SERVER)))) {
            AtomicReference<String> got = new AtomicReference<>();
            Thread serve = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    got.set(new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    got.set(e.toString());
                }
            });
            serve.start();
            try (Socket s = client.call(() -> new Socket(SERVER, PORT))) {
                s.getOutputStream().write("hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                serve.join(10_000);
            }
            assertThat(got.get()).isEqualTo("hello");
        }
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> which) {
        for (int i = 0; i < lines.size(); i++) {
            if (which.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 12), lines.size());
    }
}
