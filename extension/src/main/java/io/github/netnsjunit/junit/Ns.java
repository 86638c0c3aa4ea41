package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which namespace a {@code NetNs} parameter of a test, lifecycle method or constructor refers to:
 * <pre>{@code
 * @Test
 * void pings(@Ns("ns0") NetNs ns0, @Ns("ns1") NetNs ns1) { ... }
 * }</pre>
 * The name must be a {@link NetNamespace} of the test or {@code "host"}, the counterpart of naming the
 * namespace in {@code ip netns exec ns0 ...}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Ns {

    /** The namespace's name, e.g. {@code "ns0"}. */
    String value();
}
