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
 * Declares a Linux bridge (a virtual switch) in a namespace, brought up with STP off so that it forwards
 * at once. Attach veth ends to it with {@link VethPair#master()} / {@link VethPair#peerMaster()}.
 *
 * <p>Replaces {@code brctl addbr br01} / {@code ip link add br01 type bridge},
 * {@code ip addr add 192.168.88.1/24 dev br01} and {@code ip link set br01 up}:
 * <pre>{@code
 * @NetNamespace("sw")
 * @Bridge(name = "br01", namespace = "sw", address = "192.168.88.1/24")
 * }</pre>
 * Using this annotation registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Bridges.class)
@ExtendWith(NetnsExtension.class)
public @interface Bridge {

    /** The bridge's link name, e.g. {@code "br01"}: 1 to 15 bytes, unique within its namespace. */
    String name();

    /** The namespace the bridge lives in: a {@link NetNamespace} of the test, or {@code "host"}. */
    String namespace();

    /**
     * Addresses of the bridge itself in CIDR notation, e.g. {@code "192.168.88.1/24"}, making it the
     * gateway of the attached namespaces. Default: none (a pure layer-2 switch).
     */
    String[] address() default {};

    /**
     * The bridge's MTU, 68..65535 ({@code ip link set br01 mtu 1400}); 0 (the default) lets the kernel follow its
     * ports (the smallest port MTU).
     */
    int mtu() default 0;
}
