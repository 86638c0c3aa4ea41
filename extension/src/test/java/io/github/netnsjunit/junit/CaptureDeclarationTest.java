package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** {@code @Capture}: its shape, and its declarations checked like the topology's, before anything is built. */
class CaptureDeclarationTest {

    private static final String CLASS = CaptureDeclarationTest.class.getName();

    @Test
    void isRepeatableAndRegistersTheExtension() {
        assertThat(Capture.class.getAnnotation(Repeatable.class).value()).isEqualTo(Captures.class);
        for (Class<?> t : List.of(Capture.class, Captures.class)) {
            assertThat(t.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
            assertThat(t.getAnnotation(Target.class).value())
                    .containsExactly(ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE);
            assertThat(t.getAnnotation(ExtendWith.class).value()).containsExactly(NetnsExtension.class);
        }
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
            peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
    @Capture(namespace = "nsX")
    static class BadCaptureTestCase {
        @Test
        @Capture(namespace = "ns1", interfaces = {"veth1", "veth0", ""})
        void test() {
        }
    }

    @Test
    void unknownNamespacesAndInterfacesAreReportedTogether() {
        Event failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(BadCaptureTestCase.class))
                .execute().testEvents().failed().stream().findFirst().orElseThrow();

        Throwable error = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        String on = CLASS + "$BadCaptureTestCase";
        assertThat(error).isInstanceOf(TopologyDeclarationException.class);
        assertThat(((TopologyDeclarationException) error).problems()).containsExactly(
                "@Capture(namespace = \"nsX\") on class " + on + ": attribute 'namespace' names \"nsX\", which is not "
                        + "declared. Declare it with @NetNamespace(\"nsX\"), or use one of: \"ns0\", \"ns1\", \"host\".",
                "@Capture(namespace = \"ns1\") on method BadCaptureTestCase.test(): attribute 'interfaces' names "
                        + "\"veth0\", which is not a link in namespace \"ns1\". Use one of its links: \"lo\", \"veth1\", "
                        + "or leave 'interfaces' out to capture on all of them.",
                "@Capture(namespace = \"ns1\") on method BadCaptureTestCase.test(): attribute 'interfaces' has an "
                        + "empty name. Use one of the links of namespace \"ns1\": \"lo\", \"veth1\", or leave "
                        + "'interfaces' out to capture on all of them.");
    }

    private static List<String> problems(Class<?> fixture) {
        Event failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture))
                .execute().testEvents().failed().stream().findFirst().orElseThrow();
        Throwable error = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(error).isInstanceOf(TopologyDeclarationException.class);
        return ((TopologyDeclarationException) error).problems();
    }

    @NetNamespace("ns0")
    @VethPair(name = "uplink", namespace = "host", peer = "eth0", peerNamespace = "ns0")
    static class ForeignHostInterfacesTestCase {
        @Test
        @Capture(namespace = "host", interfaces = {"lo", "eth0", "uplink"})
        void test() {
        }
    }

    /**
     * Issue 24 item 8: nothing in the host is captured unless the topology created it. Before, the validator skipped
     * interface names for "host": {@code lo} was accepted and wrote another process's datagram into the pcap.
     */
    @Test
    void hostInterfacesTheTopologyDidNotCreateAreRefused() {
        String on = "@Capture(namespace = \"host\") on method ForeignHostInterfacesTestCase.test(): attribute "
                + "'interfaces' names ";
        String fix = ", which the topology does not create in the host namespace: netns-junit never captures what it"
                + " did not create. Use one of the links it creates there: \"uplink\", or capture in a test namespace.";
        assertThat(problems(ForeignHostInterfacesTestCase.class)).containsExactly(
                on + "\"lo\"" + fix, on + "\"eth0\"" + fix);
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1")
    static class HostWithoutLinksTestCase {
        @Test
        @Capture(namespace = "host")
        void test() {
        }
    }

    /** Before: accepted, and failed after the build with "NullPointerException: ns". */
    @Test
    void aHostCaptureWithoutLinksOfOursThereIsRefused() {
        assertThat(problems(HostWithoutLinksTestCase.class)).containsExactly("@Capture(namespace = \"host\") on method"
                + " HostWithoutLinksTestCase.test(): attribute 'namespace' is \"host\", where this topology creates no"
                + " link, and netns-junit never captures what it did not create. Capture in a test namespace (\"ns0\","
                + " \"ns1\"), or declare a link in \"host\" to capture on.");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1")
    static class DuplicateInterfacesTestCase {
        @Test
        @Capture(namespace = "ns0", interfaces = {"veth0", "lo", "veth0"})
        void test() {
        }
    }

    /** Issue 24 item 9: before, the duplicate was accepted silently. */
    @Test
    void anInterfaceNamedTwiceIsRefused() {
        assertThat(problems(DuplicateInterfacesTestCase.class)).containsExactly("@Capture(namespace = \"ns0\") on"
                + " method DuplicateInterfacesTestCase.test(): attribute 'interfaces' names \"veth0\" twice. Name each"
                + " interface once.");
    }
}
