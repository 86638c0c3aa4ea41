package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every fault a test makes must hit something: at the end of each test (method or class annotated), each partition,
 * block and reject it opened, and each link conditions set while it ran (declared or by
 * {@link NetNs#conditions(String)}), must have hit at least {@link #atLeast()} packets ({@link CountedFault#hits()}).
 * One that hit fewer fails the test, naming the fault and what it hit: a fault that did nothing cannot make a test
 * green.
 * <pre>{@code
 * @Test
 * @FaultsMustHit
 * void clientRetriesThroughAPartition(Topology topology) { ... }
 * }</pre>
 * Conditions count on both engines: the relay's frames, or the kernel engine's qdisc (or htb class) counters.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FaultsMustHit {
    /** The fewest packets each fault must have hit; at least 1. */
    long atLeast() default 1;
}
