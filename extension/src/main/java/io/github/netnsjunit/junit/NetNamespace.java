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
 * Declares a fresh network namespace that exists for the duration of each test.
 *
 * <p>Replaces {@code ip netns add ns0} (plus {@code ip -n ns0 link set lo up} and
 * {@code ip netns exec ns0 sysctl -w ...}). The namespace is unnamed in the kernel and held by a file
 * descriptor, so nothing is left behind if the JVM dies; the name given here is only how the other
 * annotations ({@link VethPair}, {@link Bridge}, {@link Route}, {@link InNamespace}, {@link Ns}...)
 * refer to it.
 *
 * <pre>{@code
 * @NetNamespace("ns0")
 * @NetNamespace(value = "router", sysctl = "net.ipv4.ip_forward=1")
 * class RoutingTest { ... }
 * }</pre>
 *
 * <p>The name {@code "host"} is reserved for the JVM's own namespace: it can be referenced by the other
 * annotations but never declared. Put this annotation on a test class, a test method, or on your own
 * annotation to compose reusable topologies. Using it registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(NetNamespaces.class)
@ExtendWith(NetnsExtension.class)
public @interface NetNamespace {

    /**
     * The namespace's name, unique within the test: 1 to 64 characters of {@code [A-Za-z0-9_.-]}, not
     * {@code "host"}. Example: {@code "ns0"}.
     */
    String value();

    /**
     * Whether {@code lo} is brought up ({@code ip -n ns0 link set lo up}). Default {@code true}, since
     * almost every program expects 127.0.0.1 to work; set {@code false} to test behaviour without it.
     */
    boolean loopback() default true;

    /**
     * Sysctls set inside the namespace before the test, each written {@code key=value} with a key under
     * {@code net.}, e.g. {@code "net.ipv4.ip_forward=1"} or {@code "net.ipv6.conf.all.forwarding=1"}.
     * Replaces {@code ip netns exec ns0 sysctl -w net.ipv4.ip_forward=1}. Default: none.
     */
    String[] sysctl() default {};

    /**
     * Host names that resolve to this namespace's addresses (every address declared on its links, IPv4 and IPv6;
     * {@code lo} excluded) while the topology lives, like Docker's network aliases: {@code hostnames = {"db",
     * "postgres.test"}} lets a client connect to {@code db:5432}. They resolve in this JVM ({@code InetAddress},
     * {@code HttpClient}, NIO; needs Java 18 or later) from the test's threads, and in processes started with
     * {@link NetNs#start(ProcessBuilder)}, which see them in {@code /etc/hosts}. Each is a DNS name (labels of
     * letters, digits and {@code '-'}, separated by dots), unique within the topology. Default: none.
     * See also {@link HostEntry} for a name of any address.
     */
    String[] hostnames() default {};
}
