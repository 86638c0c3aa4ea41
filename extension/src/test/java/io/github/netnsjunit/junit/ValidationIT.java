package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid declarations fail the test with the validator's message, word for word, and nothing reaches the kernel:
 * no namespace is made (this JVM holds none more than before), no host link appears.
 */
class ValidationIT {
    static final AtomicInteger BODIES = new AtomicInteger();
    private static final String IT = ValidationIT.class.getName();

    @KitFixture
    @NetNamespace("ns0")
    static class InNamespaceNopeTestCase {
        @Test
        @InNamespace("nope")
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    static class NsNopeTestCase {
        @Test
        void check(@Ns("nope") NetNs ns) {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "nsX", peer = "veth1", peerNamespace = "ns1")
    static class UnknownNamespaceTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth-to-the-router", namespace = "ns0", peer = "veth1", peerNamespace = "host")
    static class LinkNameTooLongTestCase {
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
    @Route(namespace = "ns1", via = "10.9.9.1")
    static class GatewayOutsideTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.0.0.300/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.0.0.2")
    static class BadCidrTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace("ns0")
    static class MethodLevelTestCase {
        @Test
        @NetNamespace("ns0")
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @NetNamespace("host")
    @Bridge(name = "br0", namespace = "host", address = "10.1.0.1/16")
    @VethPair(name = "v0", namespace = "host", master = "br9", peer = "v1", peerNamespace = "nsY", mtu = 70000)
    static class ManyProblemsTestCase {
        @Test
        @InNamespace("nope")
        void check() {
            BODIES.incrementAndGet();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(InNamespaceNopeTestCase.class, """
                        Invalid network topology declared for class {it}$InNamespaceNopeTestCase (1 problem):
                          - @InNamespace("nope") on method InNamespaceNopeTestCase.check(): attribute 'value' names "nope", which is not declared. Declare it with @NetNamespace("nope"), or use one of: "ns0", "host"."""),
                Arguments.of(NsNopeTestCase.class, """
                        Invalid network topology declared for class {it}$NsNopeTestCase (1 problem):
                          - @Ns("nope") on parameter #1 (NetNs) of method NsNopeTestCase.check(NetNs): attribute 'value' names "nope", which is not declared. Declare it with @NetNamespace("nope"), or use one of: "ns0", "host"."""),
                Arguments.of(UnknownNamespaceTestCase.class, """
                        Invalid network topology declared for class {it}$UnknownNamespaceTestCase (1 problem):
                          - @VethPair(name = "veth0") on class {it}$UnknownNamespaceTestCase: attribute 'namespace' names "nsX", which is not declared. Declare it with @NetNamespace("nsX"), or use one of: "ns0", "ns1", "host"."""),
                Arguments.of(LinkNameTooLongTestCase.class, """
                        Invalid network topology declared for class {it}$LinkNameTooLongTestCase (1 problem):
                          - @VethPair(name = "veth-to-the-router") on class {it}$LinkNameTooLongTestCase: attribute 'name' is "veth-to-the-router" (18 bytes), longer than the kernel's limit of 15 bytes for link names (IFNAMSIZ). Use a shorter name, e.g. "veth-to-the-rou"."""),
                Arguments.of(GatewayOutsideTestCase.class, """
                        Invalid network topology declared for class {it}$GatewayOutsideTestCase (1 problem):
                          - @Route(namespace = "ns1", to = "default") on class {it}$GatewayOutsideTestCase: attribute 'via' is "10.9.9.1", which is outside every network connected to namespace "ns1" (10.0.0.0/24). The kernel only accepts a gateway it can reach directly: use an address inside one of them, or give a link in "ns1" an address in the gateway's network."""),
                Arguments.of(BadCidrTestCase.class, """
                        Invalid network topology declared for class {it}$BadCidrTestCase (2 problems):
                          - @VethPair(name = "veth0") on class {it}$BadCidrTestCase: attribute 'address' has "10.0.0.300/24", which is not a valid CIDR address: "10.0.0.300" is not an IP address literal. Write ADDRESS/LENGTH, e.g. "172.18.0.2/24" or "fd00::2/64".
                          - @VethPair(name = "veth0") on class {it}$BadCidrTestCase: attribute 'peerAddress' has "10.0.0.2", which lacks a prefix length. Write ADDRESS/LENGTH, e.g. "10.0.0.2/24"; the length decides which network is directly reachable."""),
                Arguments.of(MethodLevelTestCase.class, """
                        Invalid network topology declared for class {it}$MethodLevelTestCase (1 problem):
                          - @NetNamespace("ns0") on method MethodLevelTestCase.check(): attribute 'value' declares namespace "ns0" a second time; it is already declared by @NetNamespace("ns0") on class {it}$MethodLevelTestCase. Remove one of the declarations, or give this one another name."""),
                Arguments.of(ManyProblemsTestCase.class, """
                        Invalid network topology declared for class {it}$ManyProblemsTestCase (4 problems):
                          - @NetNamespace("host") on class {it}$ManyProblemsTestCase: attribute 'value' is "host", which is reserved for the JVM's own network namespace and cannot be declared. Remove this declaration to use the JVM's namespace as "host", or choose another name for a fresh namespace.
                          - @VethPair(name = "v0") on class {it}$ManyProblemsTestCase: attribute 'peerNamespace' names "nsY", which is not declared. Declare it with @NetNamespace("nsY"), or use one of: "host".
                          - @VethPair(name = "v0") on class {it}$ManyProblemsTestCase: attribute 'mtu' is 70000, outside 68..65535. Use 0 for the kernel's default (1500), or a value such as 1400.
                          - @InNamespace("nope") on method ManyProblemsTestCase.check(): attribute 'value' names "nope", which is not declared. Declare it with @NetNamespace("nope"), or use one of: "host"."""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithTheValidatorsMessageAndTouchesNothing(Class<?> fixture, String expected) {
        Set<String> namespacesBefore = Kernel.jvmNamespaces();
        Set<String> hostLinksBefore = Kernel.hostLinkNames();
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
        // other runs on this machine may add links meanwhile: none of ours appeared, none went away
        // links of other test runs on this machine come and go: check the ones no test may touch
        assertThat(Kernel.hostLinkNames()).containsAll(Kernel.physical(hostLinksBefore));
        assertThat(Kernel.ourHostLinks()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().startsWith("netns-"));
    }
}
