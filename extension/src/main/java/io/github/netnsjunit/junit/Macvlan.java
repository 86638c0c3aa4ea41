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
 * Declares a macvlan: a second link with its own MAC address on the wire of a parent link (a declared veth end or
 * bridge), as container runtimes and CNI plugins attach containers: created on the parent, in the parent's
 * namespace, and handed to its own namespace.
 *
 * <p>Replaces {@code ip link add link eth0 name mv0 netns c1 type macvlan mode bridge},
 * {@code ip -n c1 addr add 10.0.0.11/24 dev mv0} and {@code ip -n c1 link set mv0 up}:
 * <pre>{@code
 * @NetNamespace("node")
 * @NetNamespace("lan")
 * @NetNamespace("c1")
 * @NetNamespace("c2")
 * @VethPair(name = "eth0", namespace = "node", peer = "eth0", peerNamespace = "lan", peerAddress = "10.0.0.1/24")
 * @Macvlan(name = "mv0", namespace = "c1", parent = "eth0", parentNamespace = "node", address = "10.0.0.11/24")
 * @Macvlan(name = "mv0", namespace = "c2", parent = "eth0", parentNamespace = "node", address = "10.0.0.12/24")
 * }</pre>
 * Macvlans are created only in the test's namespaces (never {@code "host"}). A macvlan that shares its namespace
 * with its parent or with another macvlan of that parent answers ARP for its addresses alone (those links get
 * {@code net.ipv4.conf.LINK.arp_ignore=1}; a declared sysctl of the namespace wins). Using this annotation registers
 * {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Macvlans.class)
@ExtendWith(NetnsExtension.class)
public @interface Macvlan {

    /** How macvlans of one parent reach each other ({@code ip link add ... type macvlan mode MODE}). */
    enum Mode {
        /** Macvlans of one parent reach each other directly, inside the kernel (the default). */
        BRIDGE,
        /** Macvlans of one parent never reach each other, only the outside of the parent. */
        PRIVATE,
        /** Traffic between macvlans of one parent leaves through it; a switch outside must reflect it back. */
        VEPA,
        /** The only macvlan of its parent, taking over the parent's MAC address. */
        PASSTHRU
    }

    /** The macvlan's link name, e.g. {@code "mv0"}: 1 to 15 bytes, unique within its namespace. */
    String name();

    /** The namespace it lives in: a {@link NetNamespace} of the test. */
    String namespace();

    /** The declared link it sits on ({@code ip link add link eth0 ...}): a veth end or a bridge. */
    String parent();

    /** The namespace of {@link #parent()}; empty (the default) for {@link #namespace()}. */
    String parentNamespace() default "";

    /** Its mode; default {@link Mode#BRIDGE}. */
    Mode mode() default Mode.BRIDGE;

    /** Its addresses in CIDR notation, e.g. {@code "10.0.0.11/24"}. Default: none. */
    String[] address() default {};

    /**
     * Its MTU, 68..65535 and at most the parent's ({@code ip link add ... mtu 1400 type macvlan}); 0 (the
     * default) takes the parent's.
     */
    int mtu() default 0;
}
