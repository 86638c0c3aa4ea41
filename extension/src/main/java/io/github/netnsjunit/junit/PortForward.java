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
 * Declares destination NAT (a port forward) in a namespace, installed through nftables and removed after
 * the test.
 *
 * <p>Replaces
 * {@code iptables -t nat -A PREROUTING -i uplink -p tcp --dport 8080 -j DNAT --to-destination 192.168.88.12:80}:
 * <pre>{@code
 * @PortForward(namespace = "gw", protocol = "tcp", port = 8080, to = "192.168.88.12:80", inInterface = "uplink")
 * }</pre>
 * Using this annotation registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(PortForwards.class)
@ExtendWith(NetnsExtension.class)
public @interface PortForward {

    /** The namespace doing the NAT: a {@link NetNamespace} of the test, or {@code "host"}. */
    String namespace();

    /** {@code "tcp"} (the default), {@code "udp"} or {@code "sctp"}, in any case. */
    String protocol() default "tcp";

    /** Destination port of incoming packets to rewrite, 1..65535, e.g. {@code 8080}. */
    int port();

    /**
     * New destination, {@code "ADDRESS:PORT"} with a numeric address, e.g. {@code "192.168.88.12:80"}, or
     * {@code "[fd00::12]:80"} for IPv6.
     */
    String to();

    /**
     * Only forward packets arriving on this link (the {@code -i} of iptables); empty (the default) for any.
     * In a test namespace it must be one of the declared links.
     */
    String inInterface() default "";
}
