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
 * Declares a route in a namespace's main routing table, or in another table for policy routing ({@link #table()},
 * chosen by a {@link PolicyRule}).
 *
 * <p>Replaces {@code ip -n ns01 route add default via 192.168.88.1} and
 * {@code ip -n ns01 route add 10.0.0.0/8 dev veth01}:
 * <pre>{@code
 * @Route(namespace = "ns01", via = "192.168.88.1")                  // default route
 * @Route(namespace = "ns01", to = "10.0.0.0/8", dev = "veth01")      // device route
 * }</pre>
 * The gateway must lie inside a prefix connected to the namespace (an address of one of its veth ends or
 * bridges), as the kernel requires. Using this annotation registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(Routes.class)
@ExtendWith(NetnsExtension.class)
public @interface Route {

    /** The namespace whose routing table gets the route: a {@link NetNamespace} of the test, or {@code "host"}. */
    String namespace();

    /**
     * Destination: {@code "default"} (the default; {@code 0.0.0.0/0}, or {@code ::/0} when {@link #via()} is
     * IPv6) or a network in CIDR notation without host bits, e.g. {@code "10.0.0.0/8"} or {@code "fd01::/64"}.
     * For an IPv6 default device route, write {@code "::/0"}.
     */
    String to() default "default";

    /**
     * Gateway address, a numeric IP literal of the same family as {@link #to()}, e.g.
     * {@code "192.168.88.1"}. Empty (the default) for a device route, which then needs {@link #dev()}.
     */
    String via() default "";

    /**
     * Output link in the namespace, e.g. {@code "veth01"}. Empty (the default) lets the kernel derive it from
     * the gateway; required when {@link #via()} is empty.
     */
    String dev() default "";

    /**
     * The routing table, 1..2147483647 ({@code ip route add ... table 100}), looked up for the packets a
     * {@link PolicyRule} sends there; 0 (the default) for the main table (254). Not in {@code "host"}.
     */
    int table() default 0;
}
