package io.github.netnsjunit.junit.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.PolicyRule;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.TestTopologies;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.VethPair;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@code @PolicyRule}, {@code @Route(table)} and {@code @Bridge(mtu)}, each pinning the full message
 * users read. Fixtures ({@code *TestCase}) have no tests.
 */
class PolicyRuleValidationTest {

    private static final String TEST = PolicyRuleValidationTest.class.getName();

    private static void assertProblems(Class<?> testCase, String expected) {
        assertThatThrownBy(() -> TestTopologies.readAndValidate(testCase, Optional.empty()))
                .isInstanceOf(TopologyDeclarationException.class)
                .hasMessage(expected.replace("{test}", TEST))
                .satisfies(e -> assertThat(((TopologyDeclarationException) e).problems())
                        .hasSize((int) expected.lines().filter(l -> l.startsWith("  - ")).count()));
    }

    @NetNamespace("srv")
    @VethPair(name = "eth0", namespace = "srv", address = "10.1.0.2/24", peer = "eth1", peerNamespace = "srv",
            peerAddress = "10.1.0.3/24")
    @PolicyRule(namespace = "host", table = 100)
    @PolicyRule(namespace = "srv", from = "10.2.0.2", to = "fd00::/64", fwmark = "0x1/0x2/0x3", iif = "eth9",
            priority = 32766, table = 255)
    @PolicyRule(namespace = "srv", fwmark = "lots", table = 0)
    @Route(namespace = "srv", via = "10.1.0.1", table = -1)
    @Route(namespace = "host", to = "10.8.0.0/16", dev = "lo", table = 100)
    @Bridge(name = "br0", namespace = "srv", mtu = 60)
    static class ProblemsTestCase {
    }

    @Test
    void everyProblemIsReportedBeforeAnythingIsMade() {
        assertProblems(ProblemsTestCase.class, """
                Invalid network topology declared for class {test}$ProblemsTestCase (11 problems):
                  - @PolicyRule(namespace = "host", table = 100) on class {test}$ProblemsTestCase: attribute 'namespace' is "host". netns-junit creates policy rules only in the test's own namespaces, where they vanish with the namespace. Declare a namespace, e.g. @NetNamespace("h1"), and put it there.
                  - @PolicyRule(namespace = "srv", table = 255) on class {test}$ProblemsTestCase: attribute 'from' is "10.2.0.2", which is not a network in CIDR notation (no prefix length). Write e.g. "10.2.0.0/24", or leave it empty for any.
                  - @PolicyRule(namespace = "srv", table = 255) on class {test}$ProblemsTestCase: attribute 'fwmark' is "0x1/0x2/0x3", which is not a 32-bit mark. Write e.g. "0x1" or "0x1/0xff" (mark/mask, hex or decimal), or leave it empty for any.
                  - @PolicyRule(namespace = "srv", table = 255) on class {test}$ProblemsTestCase: attribute 'iif' names "eth9", which is not a link in namespace "srv". Use one of its links: "lo", "eth0", "eth1", "br0", or leave it empty for any.
                  - @PolicyRule(namespace = "srv", table = 255) on class {test}$ProblemsTestCase: attribute 'priority' is 32766, outside 1..32765 (0, 32766 and 32767 hold the kernel's local, main and default rules). Use e.g. 100, or 0 to let the kernel choose.
                  - @PolicyRule(namespace = "srv", table = 255) on class {test}$ProblemsTestCase: attribute 'table' is 255, the kernel's local table (its own addresses). Use a table of your routes, e.g. 100 with @Route(..., table = 100), or 254 for the main table.
                  - @PolicyRule(namespace = "srv", table = 0) on class {test}$ProblemsTestCase: attribute 'fwmark' is "lots", which is not a 32-bit mark. Write e.g. "0x1" or "0x1/0xff" (mark/mask, hex or decimal), or leave it empty for any.
                  - @PolicyRule(namespace = "srv", table = 0) on class {test}$ProblemsTestCase: attribute 'table' is 0, not a routing table. Use a table of your routes, e.g. 100 with @Route(..., table = 100), or 254 for the main table.
                  - @Route(namespace = "srv", to = "default") on class {test}$ProblemsTestCase: attribute 'table' is -1, not a routing table. Use 1..2147483647 (e.g. 100, chosen by a @PolicyRule), or 0 for the main table.
                  - @Route(namespace = "host", to = "10.8.0.0/16") on class {test}$ProblemsTestCase: attribute 'table' is 100 in namespace "host". netns-junit adds routes to other tables, and policy rules, only in the test's own namespaces. Route in a declared namespace, or use the main table (0).
                  - @Bridge(name = "br0") on class {test}$ProblemsTestCase: attribute 'mtu' is 60, outside 68..65535. Use 0 to follow the ports' MTU, or a value such as 1400.""");
    }
}
