package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Host names through the builder: what becomes the model, and the builder's words in problems. */
class HostNameChecksTest {

    private static NetworkTopology.Builder twoNamespaces() {
        return NetworkTopology.builder()
                .namespace("db", ns -> ns.hostnames("db", "Postgres.test"))
                .namespace("app")
                .veth("eth0", "app", "eth0", "db", v -> v.address("10.0.0.1/24", "fd00::1/64")
                        .peerAddress("10.0.0.2/24", "fd00::2/64"));
    }

    @Test
    void validNamesAndEntriesReachTheModel() throws Exception {
        TopologyModel model = TestTopologies.validate(twoNamespaces()
                .route("app", "default", "10.0.0.2")
                .hostEntry("api.example.com", "10.0.0.2")
                .hostEntry("far.example.com", "192.0.2.7") // covered by the default route
                .hostEntry("self", "127.0.0.1") // every namespace has lo
                .hostEntry("v6.example.com", "fd00::2")
                .build());
        assertThat(model.namespaces().get(0).hostnames()).containsExactly("db", "Postgres.test");
        assertThat(model.namespaces().get(1).hostnames()).isEmpty();
        assertThat(model.hostEntries()).extracting(HostEntrySpec::name, HostEntrySpec::address).containsExactly(
                org.assertj.core.groups.Tuple.tuple("api.example.com", InetAddress.getByName("10.0.0.2")),
                org.assertj.core.groups.Tuple.tuple("far.example.com", InetAddress.getByName("192.0.2.7")),
                org.assertj.core.groups.Tuple.tuple("self", InetAddress.getByName("127.0.0.1")),
                org.assertj.core.groups.Tuple.tuple("v6.example.com", InetAddress.getByName("fd00::2")));
        assertThat(model.merge(TopologyModel.EMPTY).hostEntries()).hasSize(4);
    }

    @Test
    void builderProblemsUseTheBuildersWords() {
        NetworkTopology topology = twoNamespaces()
                .namespace("cache", ns -> ns.hostnames("DB"))
                .hostEntry("far.example.com", "192.0.2.7")
                .hostEntry("x_y", "10.0.0.2")
                .build();
        assertThatThrownBy(() -> TestTopologies.validate(topology))
                .isInstanceOf(TopologyDeclarationException.class)
                .hasMessage("Invalid network topology declared for class " + HostNameChecksTest.class.getName()
                        + " (3 problems):\n"
                        + "  - namespace(\"cache\") on NetworkTopology builder: attribute 'hostnames' has \"DB\", which is"
                        + " already a host name of namespace \"db\" by namespace(\"db\") on NetworkTopology builder. A host"
                        + " name resolves to one place only: remove it here or there, or choose another name.\n"
                        + "  - hostEntry(name = \"far.example.com\") on NetworkTopology builder: attribute 'address' is"
                        + " \"192.0.2.7\", which no namespace of this topology can reach: it is outside every network of"
                        + " the declared link addresses (10.0.0.0/24, fd00::/64) and no declared route covers it. Use an"
                        + " address in one of those networks, or declare a route(...) towards it.\n"
                        + "  - hostEntry(name = \"x_y\") on NetworkTopology builder: attribute 'name' is \"x_y\", which"
                        + " contains '_'; a host name has only letters, digits and '-' in dot-separated labels (RFC 1123)."
                        + " Use e.g. \"x-y\".");
    }

    @Test
    void syntaxAcceptsDnsNamesAndRefusesTheRest() {
        for (String good : List.of("db", "postgres.test", "a-b.c-d.example", "x1", "1db", "DB", "a.b.c.d.e")) {
            assertThat(HostNameChecks.syntax(good)).as(good).isEmpty();
        }
        for (String bad : List.of("", "10.1", "0x7f.1", "::1", "127.0.0.1", "localhost", "api.localhost", "a b",
                "a.", ".a", "a-", "x".repeat(64), "é.test", ("a".repeat(60) + ".").repeat(5))) {
            assertThat(HostNameChecks.syntax(bad)).as(bad).isPresent();
        }
    }
}
