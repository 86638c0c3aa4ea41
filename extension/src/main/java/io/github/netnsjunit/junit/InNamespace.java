package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test method (or every test of the annotated class) inside the named namespace, on a
 * dedicated platform thread switched there with setns(2). Also applies to {@code @BeforeEach} and
 * {@code @AfterEach} methods. A method's annotation wins over its class's.
 *
 * <p>Replaces {@code ip netns exec ns1 <command>}:
 * <pre>{@code
 * @Test
 * @InNamespace("ns1")
 * void reachesNs0() { assertThat(ping("172.18.0.2")).succeeds(); }
 * }</pre>
 * The name must be a {@link NetNamespace} of the test or {@code "host"}. Not repeatable: code runs in one
 * namespace at a time. Using this annotation registers {@link NetnsExtension} automatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(NetnsExtension.class)
public @interface InNamespace {

    /** The namespace to run in, e.g. {@code "ns1"}. */
    String value();
}
