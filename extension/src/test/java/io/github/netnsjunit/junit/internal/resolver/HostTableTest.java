package io.github.netnsjunit.junit.internal.resolver;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetworkTopology;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names of one topology: which addresses, the /etc/hosts lines, reverse lookups, case. */
class HostTableTest {

    @Test
    void namesStandForTheNamespacesDeclaredAddressesAndEntriesAddTheirs() throws Exception {
        HostTable table = HostTable.of(TestTopologies.validate(NetworkTopology.builder()
                .namespace("db", ns -> ns.hostnames("db", "Postgres.test"))
                .namespace("app")
                .bridge("br0", "db", "10.1.0.1/24")
                .veth("eth0", "app", "eth0", "db", v -> v.address("10.0.0.1/24", "fd00::1/64")
                        .peerAddress("10.0.0.2/24", "fd00::2/64"))
                .hostEntry("api.example.com", "10.0.0.2")
                .hostEntry("api.example.com", "fd00::2")
                .build()));
        List<InetAddress> db = List.of(InetAddress.getByName("10.0.0.2"), InetAddress.getByName("fd00::2"),
                InetAddress.getByName("10.1.0.1"));
        assertThat(table.names().keySet()).containsExactly("db", "postgres.test", "api.example.com");
        assertThat(table.lookup("DB")).contains(db);
        assertThat(table.lookup("postgres.test.")).contains(db);
        assertThat(table.lookup("app")).isEmpty();
        assertThat(table.reverse(InetAddress.getByName("fd00::2"))).contains("db");
        assertThat(table.reverse(InetAddress.getByName("10.0.0.1"))).isEmpty();
        assertThat(table.hostsLines()).isEqualTo("10.0.0.2\tdb postgres.test api.example.com\n"
                + "fd00::2\tdb postgres.test api.example.com\n"
                + "10.1.0.1\tdb postgres.test\n");
    }

    @Test
    void noNamesNoTable() {
        assertThat(HostTable.of(TestTopologies.validate(NetworkTopology.builder().namespace("a").build())))
                .isSameAs(HostTable.EMPTY);
    }

    @Test
    void processesRunBehindAPrivateMountOfTheFile() {
        assertThat(EtcHosts.mountPrefix(java.nio.file.Path.of("/tmp/h"))).containsExactly("unshare", "--mount",
                "--propagation", "private", "--", "sh", "-c", "mount --bind \"$0\" /etc/hosts && exec \"$@\"", "/tmp/h");
    }
}
