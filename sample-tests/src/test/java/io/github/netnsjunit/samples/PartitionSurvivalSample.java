package io.github.netnsjunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * A TCP connection that survives a 2 s network partition: data written during the partition arrives after the
 * heal. By hand: {@code iptables -A INPUT -s 10.40.0.1 -j DROP} in one namespace and the mirror rule in the other,
 * then deleting both — and a forgotten rule breaks the next test.
 */
@NetNamespace("db")
@NetNamespace("app")
@VethPair(name = "eth0", namespace = "db", address = "10.40.0.1/24",
          peer = "eth0", peerNamespace = "app", peerAddress = "10.40.0.2/24")
class PartitionSurvivalSample {

    @Test
    void connectionCarriesOnAfterTheHeal(Topology topology, @Ns("db") NetNs db, @Ns("app") NetNs app) throws Exception {
        try (ServerSocket listener = db.call(() -> new ServerSocket(5432, 5, InetAddress.getByName("10.40.0.1")))) {
            Socket client = app.call(() -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("10.40.0.1", 5432), 1000);
                return s;
            });
            try (client; Socket server = listener.accept()) {
                OutputStream out = client.getOutputStream();
                InputStream in = server.getInputStream();
                try (Partition cut = topology.partition("db")) {
                    out.write("written during the partition".getBytes());
                    Thread.sleep(2000);
                    assertThat(in.available()).isZero(); // nothing crossed
                }
                server.setSoTimeout(10_000);
                byte[] got = in.readNBytes("written during the partition".length());
                assertThat(new String(got)).isEqualTo("written during the partition");
            }
        }
    }
}
