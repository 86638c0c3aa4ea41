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
 * Declares a policy routing rule: packets that match every given selector are routed by the routes of
 * {@link #table()} ({@link Route#table()}) instead of the main table, as multi-homed hosts route replies out of the
 * link they came in on.
 *
 * <p>Replaces {@code ip rule add from 10.2.0.0/24 priority 100 table 100} and
 * {@code ip route add default via 10.2.0.1 table 100}:
 * <pre>{@code
 * @PolicyRule(namespace = "ns01", from = "10.2.0.0/24", priority = 100, table = 100)
 * @Route(namespace = "ns01", via = "10.2.0.1", table = 100)
 * }</pre>
 * Without {@link #from()} and {@link #to()} the rule is made for IPv4 and IPv6 both. Only in the test's own
 * namespaces. Using this annotation registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(PolicyRules.class)
@ExtendWith(NetnsExtension.class)
public @interface PolicyRule {

    /** The namespace the rule is in: a {@link NetNamespace} of the test. */
    String namespace();

    /** Source network in CIDR notation ({@code from 10.2.0.0/24}); empty (the default) for any. */
    String from() default "";

    /** Destination network in CIDR notation ({@code to 10.9.0.0/16}); empty (the default) for any. */
    String to() default "";

    /** Firewall mark, {@code "0x1"} or with a mask {@code "0x1/0xff"} ({@code fwmark}); empty (the default): any. */
    String fwmark() default "";

    /** Input link of the namespace ({@code iif veth0}); empty (the default) for any. */
    String iif() default "";

    /** Output link a socket is bound to ({@code oif veth0}); empty (the default) for any. */
    String oif() default "";

    /** Priority, 1..32765 (lower first; 0, 32766 and 32767 are the kernel's own rules); 0 lets the kernel choose. */
    int priority() default 0;

    /** The routing table to look up, 1..2147483647 other than 255 (local); 254 is the main table. */
    int table();
}
