package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs code inside the named namespace, on a dedicated platform thread switched there with setns(2).
 *
 * <p>Replaces {@code ip netns exec ns1 <command>}:
 * <pre>{@code
 * @Test
 * @InNamespace("ns1")
 * void reachesNs0(NetNs ns1) { assertThat(ns1).canPing("172.18.0.2"); }
 * }</pre>
 *
 * <p>What it covers:
 * <ul>
 *   <li>On a method: that method — a {@code @Test}, a test template ({@code @ParameterizedTest},
 *       {@code @RepeatedTest}: each invocation in a fresh topology of its own), a {@code @TestFactory} and every
 *       dynamic test it returns, a {@code @BeforeEach}/{@code @AfterEach} method, or a
 *       {@code @BeforeAll}/{@code @AfterAll} method.</li>
 *   <li>On a class (and its {@code @Nested} classes): every per-test method of it — tests, templates, factories and
 *       their dynamic tests, {@code @BeforeEach} and {@code @AfterEach} methods. A method's own annotation wins; use
 *       {@code @InNamespace("host")} to run one on JUnit's thread in the JVM's namespace.</li>
 *   <li>{@code @BeforeAll}/{@code @AfterAll} methods only with their own annotation, and only in a class whose
 *       topology is shared ({@link SharedTopology}): with per-test topologies no namespace exists while they run,
 *       so such a method is refused, before it runs, with a message that says so.</li>
 *   <li>Threads started from code running there start in the same namespace (the kernel copies the namespace of
 *       the thread that creates a thread). Work handed to shared pools, such as the common {@code ForkJoinPool},
 *       runs where the pool's threads are, not here.</li>
 * </ul>
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
