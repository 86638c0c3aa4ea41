package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records the traffic of a namespace's interfaces while the test runs, like {@code tcpdump -i IF -w FILE} in
 * that namespace: capture starts right after the topology is built, before any {@code @BeforeEach} method or the
 * test body, and stops before teardown.
 *
 * <p>One pcap file per interface (Ethernet link type, readable with {@code tcpdump -r} or Wireshark) is written to
 * {@code <reportDirectory>/<test class>/<test method>/<namespace>-<interface>.pcap}. By default the files of a
 * passing test are deleted; set {@value NetnsConfig#CAPTURE_KEEP} to {@code always} to keep them all.
 *
 * <pre>{@code
 * @NetNamespace("ns0")
 * @NetNamespace("ns1")
 * @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
 *           peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
 * @Capture(namespace = "ns1")          // every link of ns1 except lo: ns1-veth1.pcap
 * class PingTest { ... }
 * }</pre>
 * Using this annotation registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Captures.class)
@ExtendWith(NetnsExtension.class)
public @interface Capture {

    /** The namespace to capture in: a {@link NetNamespace} of the test, or {@code "host"}. */
    String namespace();

    /**
     * The interfaces to capture on, each declared in that namespace (or {@code "lo"}), each named once. Default:
     * every link the topology declares in the namespace, {@code lo} excepted. In {@code "host"} only links the
     * topology creates there are accepted, never the host's own interfaces ({@code lo} included): they carry other
     * programs' traffic; a host capture where the topology creates no link is refused.
     */
    String[] interfaces() default {};
}
