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
 * Declares source NAT (masquerading) in a namespace for traffic from a source network, installed through
 * nftables and removed after the test.
 *
 * <p>Replaces {@code iptables -t nat -A POSTROUTING -s 192.168.88.0/24 -o uplink -j MASQUERADE}:
 * <pre>{@code
 * @Masquerade(namespace = "gw", source = "192.168.88.0/24", outInterface = "uplink")
 * }</pre>
 * IP forwarding is not switched on by this annotation; set it with
 * {@code @NetNamespace(value = "gw", sysctl = "net.ipv4.ip_forward=1")}. Using this annotation registers
 * {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Masquerades.class)
@ExtendWith(NetnsExtension.class)
public @interface Masquerade {

    /** The namespace doing the NAT: a {@link NetNamespace} of the test, or {@code "host"}. */
    String namespace();

    /** Source network whose packets are rewritten, in CIDR notation, e.g. {@code "192.168.88.0/24"}. */
    String source();

    /**
     * Only masquerade packets leaving through this link (the {@code -o} of iptables), e.g. {@code "uplink"};
     * empty (the default) for any interface. In a test namespace it must be one of the declared links.
     */
    String outInterface() default "";
}
