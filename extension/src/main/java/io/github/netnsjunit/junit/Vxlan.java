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
 * Declares a VXLAN tunnel endpoint: Ethernet frames of the link travel in UDP over the underlay to the remote
 * endpoint (or a multicast group), the way flannel and other overlay networks join the bridges of several hosts.
 *
 * <p>Replaces {@code ip link add vx0 type vxlan id 42 local 192.0.2.1 remote 192.0.2.2 dev eth0 dstport 4789},
 * {@code ip link set vx0 master br0} and {@code ip link set vx0 up}:
 * <pre>{@code
 * @NetNamespace("host1")
 * @NetNamespace("host2")
 * @VethPair(name = "eth0", namespace = "host1", address = "192.0.2.1/24",
 *           peer = "eth0", peerNamespace = "host2", peerAddress = "192.0.2.2/24")
 * @Bridge(name = "br0", namespace = "host1", address = "10.244.0.1/16")
 * @Vxlan(name = "vx0", namespace = "host1", vni = 42, local = "192.0.2.1", remote = "192.0.2.2",
 *        device = "eth0", master = "br0")
 * }</pre>
 * VXLAN links are created only in the test's namespaces (never {@code "host"}). Using this annotation registers
 * {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Vxlans.class)
@ExtendWith(NetnsExtension.class)
public @interface Vxlan {

    /** The link name, e.g. {@code "vx0"}: 1 to 15 bytes, unique within its namespace. */
    String name();

    /** The namespace it lives in: a {@link NetNamespace} of the test. */
    String namespace();

    /** The VXLAN network identifier, 0..16777215, the same on every endpoint of one overlay ({@code id 42}). */
    int vni();

    /**
     * Source address of the outer packets: one of the namespace's declared addresses, e.g. {@code "192.0.2.1"}
     * ({@code local}). Empty (the default) lets the route to the remote decide.
     */
    String local() default "";

    /**
     * The one remote endpoint's unicast address ({@code remote 192.0.2.2}): frames to unknown MACs go there.
     * Empty (the default) for none; give either this or {@link #group()}.
     */
    String remote() default "";

    /** A multicast group to flood through ({@code group 239.1.1.1}); needs {@link #device()}. Empty: none. */
    String group() default "";

    /** The underlay link of the namespace ({@code dev eth0}). Empty (the default): chosen by the route. */
    String device() default "";

    /** The UDP destination port ({@code dstport}); default 4789 (IANA's; flannel uses Linux's older 8472). */
    int port() default 4789;

    /** Whether source MACs of arriving frames are learnt into the FDB ({@code [no]learning}); default true. */
    boolean learning() default true;

    /** Its (overlay) addresses in CIDR notation. Default: none (e.g. when it is a bridge port). */
    String[] address() default {};

    /** A {@link Bridge} of {@link #namespace()} to make it a port of ({@code master br0}); empty for none. */
    String master() default "";

    /** Its MTU, 68..65535; 0 (the default) takes the kernel's: the underlay's MTU minus the 50 bytes of headers. */
    int mtu() default 0;
}
