package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Container for repeated {@link ConnectionFault} declarations; the compiler writes it for you when
 * {@code @ConnectionFault} appears more than once.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(NetnsExtension.class)
public @interface ConnectionFaults {

    /** The repeated declarations, in source order. */
    ConnectionFault[] value();
}
