package io.github.netnsjunit.netlink.diag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sock_diag dump of a fresh namespace against {@code ss -tinHe} run there (iproute2, its own sock_diag client):
 * a loopback connection that carried 1000 bytes one way and 300 the other, read from both ends. Oracle: ss's
 * {@code ino:}, {@code bytes_acked:}, {@code bytes_received:}, {@code lastsnd:}/{@code lastrcv:} for the same
 * address and port pair, and the byte counts the test itself sent.
 */
class TcpSocketsIT {
    private static final Pattern ENTRY = Pattern.compile("(?m)^\\S+\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d+)\\s+(\\S+):(\\d+)"
            + "(.*(?:\\n\\s+.*)*)");

    private NamespaceHandle ns;

    @BeforeEach
    void namespace() {
        ns = NamespaceHandle.create("diag");
        Oracle.run(ns, "ip", "link", "set", "lo", "up");
    }

    @AfterEach
    void close() {
        ns.close();
    }

    @Test
    void countersAndInodesAreWhatSsReadsForTheSameConnection() throws Throwable {
        ns.call(() -> {
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                        Socket accepted = server.accept()) {
                    client.getOutputStream().write(new byte[1000]);
                    accepted.getInputStream().readNBytes(1000);
                    accepted.getOutputStream().write(new byte[300]);
                    client.getInputStream().readNBytes(300);
                    Thread.sleep(50); // the last ACK on loopback
                    check(client.getLocalPort(), server.getLocalPort());
                }
            }
            return null;
        });
    }

    private void check(int clientPort, int serverPort) {
        List<TcpSocketInfo> ours = TcpSockets.ofCurrentNamespace("diag", InetDiagRequest.CONNECTIONS);
        String ss = Oracle.run(ns, "ss", "-tinHe");
        Map<String, String> ssByPair = new HashMap<>();
        Matcher m = ENTRY.matcher(ss);
        while (m.find()) {
            ssByPair.put(plain(m.group(1)) + ":" + m.group(2) + ">" + plain(m.group(3)) + ":" + m.group(4), m.group(5));
        }
        assertThat(ours).hasSize(2);
        for (TcpSocketInfo s : ours) {
            assertThat(s.state()).isEqualTo(1); // ESTABLISHED
            String pair = s.local().getHostAddress() + ":" + s.localPort() + ">" + s.remote().getHostAddress() + ":"
                    + s.remotePort();
            String theirs = ssByPair.get(pair);
            assertThat(theirs).as("ss entry for %s in:%n%s", pair, ss).isNotNull();
            assertThat(s.inode()).isEqualTo(field(theirs, "ino"));
            assertThat(s.bytesAcked()).isEqualTo(field(theirs, "bytes_acked"));
            assertThat(s.bytesReceived()).isEqualTo(field(theirs, "bytes_received"));
            // ours was read first; ss a little later
            assertThat(field(theirs, "lastsnd")).isBetween(s.lastDataSentMillis(), s.lastDataSentMillis() + 5000);
            assertThat(field(theirs, "lastrcv")).isBetween(s.lastDataReceivedMillis(),
                    s.lastDataReceivedMillis() + 5000);
        }
        TcpSocketInfo client = ours.stream().filter(s -> s.localPort() == clientPort).findFirst().orElseThrow();
        TcpSocketInfo accepted = ours.stream().filter(s -> s.localPort() == serverPort).findFirst().orElseThrow();
        assertThat(client.remotePort()).isEqualTo(serverPort);
        assertThat(client.bytesReceived()).isEqualTo(300);
        assertThat(accepted.bytesReceived()).isEqualTo(1000);
        // listeners alone: the one server socket, as ss -tlnH lists it; every state: both together
        List<TcpSocketInfo> listeners = TcpSockets.ofCurrentNamespace("diag", InetDiagRequest.LISTENERS);
        assertThat(listeners).extracting(TcpSocketInfo::localPort).containsExactly(serverPort);
        assertThat(Oracle.run(ns, "ss", "-tlnH")).contains(":" + serverPort);
        assertThat(TcpSockets.ofCurrentNamespace("diag", InetDiagRequest.ALL_STATES)).hasSize(3);
    }

    /** ss writes a v4-mapped address (a Java socket's) as {@code [::ffff:127.0.0.1]}; we give it as IPv4. */
    private static String plain(String ssAddress) {
        return ssAddress.replace("[::ffff:", "").replace("[", "").replace("]", "");
    }

    /** A {@code name:value} of ss's output; 0 when ss leaves it out (it prints byte counters only when non-zero). */
    private static long field(String entry, String name) {
        Matcher m = Pattern.compile("\\b" + name + ":(\\d+)").matcher(entry);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
