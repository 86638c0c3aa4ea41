package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.testing.Kernel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad {@code @LinkConditions} values fail the test with the validator's message, word for word (through the
 * EngineTestKit), before anything reaches the kernel: no namespace made, no body run.
 */
class ConditionsValidationIT {
    static final AtomicInteger BODIES = new AtomicInteger();
    private static final String IT = ConditionsValidationIT.class.getName();

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @Bridge(name = "br0", namespace = "ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "10.0.0.1/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "10.0.0.2/24")
    @interface Pair2 {
    }

    @KitFixture
    @Pair2
    @LinkConditions(namespace = "ns0", link = "veth0", delay = "50", jitter = "5 msec", rate = "10 megabits")
    static class UnitsTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @Pair2
    @LinkConditions(namespace = "ns0", link = "veth0", delay = "-5ms", loss = "150%", duplicate = "2", corrupt = "-1%",
            rate = "-8mbit", limit = -1)
    static class RangesTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @Pair2
    @LinkConditions(namespace = "ns0", link = "veth0", jitter = "5ms", reorder = "25%")
    static class NeedsDelayTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    @KitFixture
    @Pair2
    @LinkConditions(namespace = "ns0", link = "veth1", delay = "10ms")
    // valid: bothWays on a bridge shapes the packets arriving at it on an ifb (IngressConditionsIT)
    @LinkConditions(namespace = "ns1", link = "br0", rate = "1mbit", bothWays = true)
    @LinkConditions(namespace = "nsX", link = "veth0", delay = "10ms")
    @LinkConditions(namespace = "host", link = "eth0", delay = "10ms")
    static class LinksTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    /**
     * Issue 24 items 9 and 10: before, the first delay wrapped to 50 ms, "10000000000s" failed after the build with
     * "netem times, rate and limit must not be negative", the limit was accepted, "0.0001us" was called "no delay is
     * set", and the second @LinkConditions on veth1 replaced the first without a word.
     */
    @KitFixture
    @Pair2
    @LinkConditions(namespace = "ns0", link = "veth0", delay = "18446744073.759551616s", jitter = "10000000000s",
            limit = Integer.MAX_VALUE)
    @LinkConditions(namespace = "ns1", link = "veth1", delay = "0.0001us", jitter = "1us")
    @LinkConditions(namespace = "ns1", link = "veth1", rate = "1mbit")
    static class OverflowTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    /** Issue 24 item 8: before, accepted, and a tbf was put on the host end. */
    @KitFixture
    @NetNamespace("ns0")
    @VethPair(name = "up", namespace = "host", peer = "eth0", peerNamespace = "ns0")
    @LinkConditions(namespace = "ns0", link = "eth0", rate = "1mbit", bothWays = true)
    static class HostPeerTestCase {
        @Test
        void check() {
            BODIES.incrementAndGet();
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(UnitsTestCase.class, """
                        Invalid network topology declared for class {it}$UnitsTestCase (3 problems):
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$UnitsTestCase: attribute 'delay' is "50", which has no unit. Write a time with us, ms or s, e.g. "50ms".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$UnitsTestCase: attribute 'jitter' is "5 msec", whose unit "msec" is not a time unit. Write a time with us, ms or s, e.g. "50ms".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$UnitsTestCase: attribute 'rate' is "10 megabits", whose unit "megabits" is not a rate unit. Write a number with bit, kbit, mbit or gbit (bits per second, 1 mbit = 1000000), e.g. "10mbit"."""),
                Arguments.of(RangesTestCase.class, """
                        Invalid network topology declared for class {it}$RangesTestCase (6 problems):
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$RangesTestCase: attribute 'delay' is "-5ms", which is negative. Write a time such as "50ms", or leave it empty for none.
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$RangesTestCase: attribute 'loss' is "150%", outside 0% to 100%. Write a percentage of packets, e.g. "1%".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$RangesTestCase: attribute 'duplicate' is "2", which has no unit. Write a percentage with %, e.g. "2%".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$RangesTestCase: attribute 'corrupt' is "-1%", which is negative. Write a percentage from 0% to 100%, e.g. "1%".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$RangesTestCase: attribute 'rate' is "-8mbit", which is negative. Write a rate such as "10mbit", or leave it empty for none.
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$RangesTestCase: attribute 'limit' is -1, which is negative. Use 0 for the default, or a queue length in packets, e.g. 1000."""),
                Arguments.of(NeedsDelayTestCase.class, """
                        Invalid network topology declared for class {it}$NeedsDelayTestCase (2 problems):
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$NeedsDelayTestCase: attribute 'jitter' is "5ms", but no delay is set; netem varies the delay, so jitter needs a delay. Set one too, e.g. delay = "50ms", jitter = "5ms".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$NeedsDelayTestCase: attribute 'reorder' is "25%", but no delay is set; netem sends some packets ahead of the delayed ones, so reorder needs a delay. Set one too, e.g. delay = "50ms", reorder = "25%"."""),
                Arguments.of(OverflowTestCase.class, """
                        Invalid network topology declared for class {it}$OverflowTestCase (5 problems):
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$OverflowTestCase: attribute 'delay' is "18446744073.759551616s", longer than the longest time conditions accept, 3600s (one hour). Write a shorter time, e.g. "50ms".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$OverflowTestCase: attribute 'jitter' is "10000000000s", longer than the longest time conditions accept, 3600s (one hour). Write a shorter time, e.g. "50ms".
                          - @LinkConditions(namespace = "ns0", link = "veth0") on class {it}$OverflowTestCase: attribute 'limit' is 2147483647, more than the longest queue conditions accept, 1000000 packets. Use 0 for the default, or a queue length up to 1000000.
                          - @LinkConditions(namespace = "ns1", link = "veth1") on class {it}$OverflowTestCase: attribute 'delay' is "0.0001us", shorter than 1 ns, the finest time netem has. Write at least "0.001us" (1 ns), or leave it empty for none.
                          - @LinkConditions(namespace = "ns1", link = "veth1") on class {it}$OverflowTestCase: attribute 'link' names "veth1" in namespace "ns1" a second time on the same element; the second would replace the first without a word. Put all of the link's conditions in one declaration."""),
                Arguments.of(HostPeerTestCase.class, """
                        Invalid network topology declared for class {it}$HostPeerTestCase (1 problem):
                          - @LinkConditions(namespace = "ns0", link = "eth0") on class {it}$HostPeerTestCase: attribute 'bothWays' is true, but the veth peer of "eth0" is "up" in "host", the machine's own namespace, where conditions are never applied. Set bothWays = false, or put the peer's end in a @NetNamespace of the test."""),
                Arguments.of(LinksTestCase.class, """
                        Invalid network topology declared for class {it}$LinksTestCase (3 problems):
                          - @LinkConditions(namespace = "ns0", link = "veth1") on class {it}$LinksTestCase: attribute 'link' names "veth1", which is not a link in namespace "ns0". Use one of its links: "veth0".
                          - @LinkConditions(namespace = "nsX", link = "veth0") on class {it}$LinksTestCase: attribute 'namespace' names "nsX", which is not declared. Declare it with @NetNamespace("nsX"), or use one of: "ns0", "ns1", "host".
                          - @LinkConditions(namespace = "host", link = "eth0") on class {it}$LinksTestCase: attribute 'namespace' is "host". Conditions are applied only to links of test namespaces, never to the machine's own namespace: put the link's end in a @NetNamespace of the test."""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithTheValidatorsMessageAndTouchesNothing(Class<?> fixture, String expected) {
        Set<String> namespacesBefore = Kernel.jvmNamespaces();
        BODIES.set(0);
        var results = Kit.run(fixture);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1).succeeded(0));
        results.testEvents().assertThatEvents().haveExactly(1, event(test("check"),
                finishedWithFailure(instanceOf(TopologyDeclarationException.class),
                        message(expected.replace("{it}", IT)))));
        assertThat(BODIES).hasValue(0);
        assertThat(Kernel.jvmNamespaces()).isEqualTo(namespacesBefore);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(th -> th.getName().startsWith("netns-"));
    }
}
