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
 * A DNS fault of the topology's name server, in force for the whole test (declared on the test method or class):
 * {@code @DnsFault(name = "db", answer = DnsAnswer.SERVFAIL)}. The server answers the topology's host names to every
 * resolver inside its namespaces (README "Host names"); mid-test faults: {@link Topology#dns()}. Checked with the
 * rest of the declarations, before anything is built.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Repeatable(DnsFaults.class)
@ExtendWith(NetnsExtension.class)
public @interface DnsFault {
    /** A host name the topology declares; empty (the default): every name of the topology. */
    String name() default "";

    /** What the server answers. */
    DnsAnswer answer() default DnsAnswer.RECORDS;

    /** How long the server waits before each answer, 0 to 60000 ms. */
    long delayMillis() default 0;

    /** The namespace whose server is faulted; empty (the default): every namespace. */
    String namespace() default "";
}
