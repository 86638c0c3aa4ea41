package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.testing.Kernel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad host names and {@code @HostEntry} declarations fail the test with one message each, word for word, before
 * anything is created: no namespace, no host link, no hosts file.
 */
class HostNameValidationIT {
    static final AtomicInteger BODIES = new AtomicInteger();
    private static final String IT = HostNameValidationIT.class.getName();

    @KitFixture
    @NetNamespace(value = "db", hostnames = {"my_db", "-db", "a..b", "Db.test", "db.TEST"})
    static class SyntaxTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace(value = "db", hostnames = {"10.0.0.2", "fd00::2", "localhost"})
    static class AddressAsNameTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace(value = "db", hostnames = "db")
    @NetNamespace(value = "replica", hostnames = {"DB", "api"})
    @HostEntry(name = "api", address = "127.0.0.1")
    @HostEntry(name = "db", address = "127.0.0.1")
    static class SameNameTwiceTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.0.0.1/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.0.0.2/24")
    @HostEntry(name = "api.example.com", address = "10.0.0.300")
    @HostEntry(name = "web.example.com", address = "10.0.0.2/24")
    @HostEntry(name = "far.example.com", address = "10.9.9.9")
    @HostEntry(name = "bad_name", address = "10.0.0.2")
    @HostEntry(name = "mapped.example.com", address = "::ffff:10.0.0.2")
    static class HostEntryTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(SyntaxTestCase.class, """
                        Invalid network topology declared for class {it}$SyntaxTestCase (4 problems):
                          - @NetNamespace("db") on class {it}$SyntaxTestCase: attribute 'hostnames' has "my_db", which contains '_'; a host name has only letters, digits and '-' in dot-separated labels (RFC 1123). Use e.g. "my-db".
                          - @NetNamespace("db") on class {it}$SyntaxTestCase: attribute 'hostnames' has "-db", whose label "-db" starts or ends with '-', which RFC 1123 does not allow. Use e.g. "db".
                          - @NetNamespace("db") on class {it}$SyntaxTestCase: attribute 'hostnames' has "a..b", which has an empty label (a leading, trailing or doubled '.'). Use e.g. "a.b".
                          - @NetNamespace("db") on class {it}$SyntaxTestCase: attribute 'hostnames' has "db.TEST" twice (host names do not distinguish case). Keep one of them."""),
                Arguments.of(AddressAsNameTestCase.class, """
                        Invalid network topology declared for class {it}$AddressAsNameTestCase (3 problems):
                          - @NetNamespace("db") on class {it}$AddressAsNameTestCase: attribute 'hostnames' has "10.0.0.2", which is an IP address, not a host name: addresses need no name to resolve. Use a name such as "db", or remove it.
                          - @NetNamespace("db") on class {it}$AddressAsNameTestCase: attribute 'hostnames' has "fd00::2", which is an IP address, not a host name: addresses need no name to resolve. Use a name such as "db", or remove it.
                          - @NetNamespace("db") on class {it}$AddressAsNameTestCase: attribute 'hostnames' has "localhost", which always means the loopback address of the caller (RFC 6761). Choose another name, e.g. "db"."""),
                Arguments.of(SameNameTwiceTestCase.class, """
                        Invalid network topology declared for class {it}$SameNameTwiceTestCase (3 problems):
                          - @NetNamespace("replica") on class {it}$SameNameTwiceTestCase: attribute 'hostnames' has "DB", which is already a host name of namespace "db" by @NetNamespace("db") on class {it}$SameNameTwiceTestCase. A host name resolves to one place only: remove it here or there, or choose another name.
                          - @HostEntry(name = "api") on class {it}$SameNameTwiceTestCase: attribute 'name' is "api", which is already a host name of namespace "replica" by @NetNamespace("replica") on class {it}$SameNameTwiceTestCase. Remove this @HostEntry (the namespace's name already resolves to its addresses), or choose another name.
                          - @HostEntry(name = "db") on class {it}$SameNameTwiceTestCase: attribute 'name' is "db", which is already a host name of namespace "db" by @NetNamespace("db") on class {it}$SameNameTwiceTestCase. Remove this @HostEntry (the namespace's name already resolves to its addresses), or choose another name."""),
                Arguments.of(HostEntryTestCase.class, """
                        Invalid network topology declared for class {it}$HostEntryTestCase (5 problems):
                          - @HostEntry(name = "api.example.com") on class {it}$HostEntryTestCase: attribute 'address' is "10.0.0.300", which is not an IP address literal. Write an IPv4 or IPv6 address, e.g. "172.18.0.3" or "fd00::3".
                          - @HostEntry(name = "web.example.com") on class {it}$HostEntryTestCase: attribute 'address' is "10.0.0.2/24", which has a prefix length; a host name stands for one address. Write the address alone, e.g. "10.0.0.2".
                          - @HostEntry(name = "far.example.com") on class {it}$HostEntryTestCase: attribute 'address' is "10.9.9.9", which no namespace of this topology can reach: it is outside every network of the declared link addresses (10.0.0.0/24) and no declared route covers it. Use an address in one of those networks, or declare a @Route towards it.
                          - @HostEntry(name = "bad_name") on class {it}$HostEntryTestCase: attribute 'name' is "bad_name", which contains '_'; a host name has only letters, digits and '-' in dot-separated labels (RFC 1123). Use e.g. "bad-name".
                          - @HostEntry(name = "mapped.example.com") on class {it}$HostEntryTestCase: attribute 'address' is "::ffff:10.0.0.2", an IPv4-mapped IPv6 address: it stands for the IPv4 address 10.0.0.2, which only IPv6 sockets reach by that form. Write the IPv4 address itself, "10.0.0.2"."""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithOneMessagePerProblemAndCreatesNothing(Class<?> fixture, String expected) throws Exception {
        Set<String> namespacesBefore = Kernel.jvmNamespaces();
        Set<Path> hostsFilesBefore = hostsFiles();
        BODIES.set(0);
        var results = Kit.run(fixture);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1).succeeded(0));
        Throwable t = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        System.out.println("[validation] " + fixture.getSimpleName() + ":\n" + t.getMessage());
        results.testEvents().assertThatEvents().haveExactly(1, event(test("check"),
                finishedWithFailure(instanceOf(TopologyDeclarationException.class),
                        message(expected.replace("{it}", IT)))));
        assertThat(BODIES).hasValue(0);
        assertThat(Kernel.jvmNamespaces()).isEqualTo(namespacesBefore);
        assertThat(Kernel.ourHostLinks()).isEmpty();
        assertThat(hostsFiles()).isEqualTo(hostsFilesBefore);
    }

    static Set<Path> hostsFiles() throws java.io.IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("netns-junit-hosts-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
