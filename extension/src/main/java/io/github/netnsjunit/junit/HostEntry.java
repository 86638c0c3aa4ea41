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
 * An explicit host name for an address while the topology lives, like {@code docker run --add-host
 * api.example.com:10.0.0.2} or a line of {@code /etc/hosts}:
 *
 * <pre>{@code
 * @NetNamespace(value = "server", hostnames = "db")
 * @HostEntry(name = "api.example.com", address = "172.18.0.3")
 * class ClientTest { ... }
 * }</pre>
 *
 * <p>The name resolves as {@link NetNamespace#hostnames()} do: in this JVM on Java 18 or later, and in processes
 * started with {@link NetNs#start(ProcessBuilder)} through their {@code /etc/hosts}. The address must be one that
 * a namespace of the topology can reach: inside the network of a declared link address, or covered by a declared
 * {@link Route}. Repeat the annotation for more names; the same name may be given several addresses. Using it
 * registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(HostEntries.class)
@ExtendWith(NetnsExtension.class)
public @interface HostEntry {

    /** The host name, a DNS name such as {@code "api.example.com"}: labels of letters, digits and '-'. */
    String name();

    /** The address it resolves to, an IPv4 or IPv6 literal without prefix length, e.g. {@code "172.18.0.3"}. */
    String address();
}
