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
 * Declares a veth pair: a virtual cable with one end ({@link #name()}) in {@link #namespace()} and the
 * other end ({@link #peer()}) in {@link #peerNamespace()}. Both ends are brought up before the test.
 *
 * <p>Replaces
 * <pre>
 * ip link add veth0 type veth peer name veth1
 * ip link set veth0 netns ns0; ip link set veth1 netns ns1
 * ip -n ns0 addr add 172.18.0.2/24 dev veth0; ip -n ns1 addr add 172.18.0.3/24 dev veth1
 * ip -n ns0 link set veth0 up; ip -n ns1 link set veth1 up
 * </pre>
 * with
 * <pre>{@code
 * @NetNamespace("ns0")
 * @NetNamespace("ns1")
 * @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24",
 *           peer = "veth1", peerNamespace = "ns1", peerAddress = "172.18.0.3/24")
 * }</pre>
 *
 * <p>Link names follow the kernel's rules: 1 to 15 bytes, no {@code '/'}, {@code ':'} or whitespace,
 * not {@code "."} or {@code ".."}, unique within their namespace. Using this annotation registers
 * {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(VethPairs.class)
@ExtendWith(NetnsExtension.class)
public @interface VethPair {

    /** Name of the first end, e.g. {@code "veth0"}. */
    String name();

    /**
     * Namespace of the first end: a {@link NetNamespace} of the test, or {@code "host"} for the JVM's own
     * namespace ({@code ip link set veth0 netns ns0}).
     */
    String namespace();

    /**
     * Addresses of the first end in CIDR notation, IPv4 or IPv6, e.g. {@code {"172.18.0.2/24", "fd00::2/64"}}
     * ({@code ip addr add 172.18.0.2/24 dev veth0}). The prefix length is required: it decides the connected
     * route. Default: none.
     */
    String[] address() default {};

    /** Name of the other end, e.g. {@code "veth1"} ({@code ip link add veth0 type veth peer name veth1}). */
    String peer();

    /** Namespace of the other end: a {@link NetNamespace} of the test, or {@code "host"}. */
    String peerNamespace();

    /** Addresses of the other end in CIDR notation, e.g. {@code "172.18.0.3/24"}. Default: none. */
    String[] peerAddress() default {};

    /**
     * A {@link Bridge} in {@link #namespace()} to enslave the first end to
     * ({@code ip link set veth0 master br0}); empty (the default) for none.
     */
    String master() default "";

    /** A {@link Bridge} in {@link #peerNamespace()} to enslave the other end to; empty (default) for none. */
    String peerMaster() default "";

    /**
     * MTU of both ends, 68..65535 ({@code ip link set veth0 mtu 1400}); 0 (the default) keeps the kernel's
     * default (1500).
     */
    int mtu() default 0;

    /**
     * MTU of the other end only, 68..65535, when it must differ from {@link #mtu()}: a declared mismatch, as between
     * a host and a switch port configured apart. The end with the smaller MTU drops larger frames on arrival without
     * any ICMP (a path MTU black hole that {@link NetNs#trace(String)} names). 0 (the default): as {@link #mtu()}.
     */
    int peerMtu() default 0;

    /**
     * MAC address of the first end, e.g. {@code "02:00:00:00:00:01"} ({@code ip link set veth0 address ...});
     * must be unicast. Empty (the default) lets the kernel pick a random one.
     */
    String mac() default "";

    /** MAC address of the other end, like {@link #mac()}. Empty (the default) for random. */
    String peerMac() default "";
}
