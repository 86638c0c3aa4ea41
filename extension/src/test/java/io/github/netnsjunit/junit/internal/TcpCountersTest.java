package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM namespace's TCP counters move when a connection is made there (over loopback), and are the {@code Tcp:}
 * values line of the kernel's own {@code /proc/net/snmp}, field for field under its header.
 */
class TcpCountersTest {

    @Test
    void aLoopbackConnectionMovesThem() throws Exception {
        String before = TcpCounters.ofJvmNamespace();
        assertThat(before).startsWith("Tcp: ");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            client.getOutputStream().write(1);
            assertThat(accepted.getInputStream().read()).isEqualTo(1);
        }
        String after = TcpCounters.ofJvmNamespace();
        assertThat(field(after, "ActiveOpens")).isGreaterThan(field(before, "ActiveOpens"));
        assertThat(field(after, "PassiveOpens")).isGreaterThan(field(before, "PassiveOpens"));
        assertThat(field(after, "OutSegs")).isGreaterThan(field(before, "OutSegs"));
    }

    /** A counter by name, from the header line of /proc/self/net/snmp (an independent read of the same file). */
    private static long field(String values, String name) throws Exception {
        List<String> header = List.of(Files.readAllLines(Path.of("/proc/self/net/snmp")).stream()
                .filter(l -> l.startsWith("Tcp:")).findFirst().orElseThrow().split("\\s+"));
        String[] v = values.split("\\s+");
        assertThat(v).hasSameSizeAs(header.toArray());
        return Long.parseLong(v[header.indexOf(name)]);
    }
}
