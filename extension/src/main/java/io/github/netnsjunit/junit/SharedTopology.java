package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Builds the class's topology once, before its first test, and tears it down after its last, instead of a fresh
 * topology for every test. For test classes whose tests only use the topology (ping, connect, read state) and do
 * not change it: it saves the setup time of every test but the first. Each test still runs on a fresh pinned
 * thread. Declarations must then all be on the class (a test method declaring its own is an error), and
 * {@link Capture} applies to per-test topologies only. {@code @BeforeAll}/{@code @AfterAll} methods annotated with
 * {@link InNamespace} run in the shared topology and take {@link NetNs}/{@link Topology} parameters — the place to
 * start a server once for all tests of the class.
 *
 * <p>On a class template ({@code @ParameterizedClass}, {@code @ClassTemplate}; JUnit 5.13+) the topology is built
 * once for <em>each invocation</em>, shared by that invocation's tests and its
 * {@code @BeforeParameterizedClassInvocation}/{@code @AfterParameterizedClassInvocation} methods, and closed after
 * them; no invocation sees another's. Those callbacks cannot carry {@link InNamespace} (JUnit offers no interception
 * for them) but take {@code @Ns("name") NetNs} and {@link Topology} parameters of the invocation's topology: start a
 * server per invocation there with {@link NetNs#start} or {@link NetNs#call}. {@code @BeforeAll}/{@code @AfterAll}
 * methods of a class template run once for all invocations, outside every topology (on JUnit's thread, in the JVM's
 * own namespace); one that asks for a topology ({@link InNamespace}, a {@link NetNs}/{@link Topology} parameter) is
 * refused before the class runs.
 *
 * <p>The configuration parameter {@code netns.junit.topologyScope=class} does the same for every test class.
 *
 * <pre>{@code
 * @SharedTopology
 * @DockerLikeBridge
 * class ReachabilityTest {
 *     @Test @InNamespace("ns01") void gateway(NetNs ns01) { assertThat(ns01).canPing("192.168.88.1"); }
 *     @Test @InNamespace("ns01") void neighbour(NetNs ns01) { assertThat(ns01).canPing("192.168.88.12"); }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(NetnsExtension.class)
public @interface SharedTopology {
}
