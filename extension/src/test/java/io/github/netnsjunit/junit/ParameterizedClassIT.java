package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code @BeforeParameterizedClassInvocation}/{@code @AfterParameterizedClassInvocation} (JUnit 5.13+) with
 * {@code @InNamespace}: JUnit gives extensions no interception for them, so they are refused before the class runs,
 * with the reason and the fix; without {@code @InNamespace} such a class runs as before.
 */
class ParameterizedClassIT {
    static final List<String> RAN = new CopyOnWriteArrayList<>();

    @Test
    void inNamespaceOnAParameterizedClassInvocationCallbackIsRefusedBeforeAnythingRuns() {
        RAN.clear();
        EngineExecutionResults results = Kit.run(InNamespaceCallbackTestCase.class);
        Throwable failure = results.allEvents().failed().list().stream()
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .findFirst().orElseThrow();
        assertThat(failure).isInstanceOf(TopologyDeclarationException.class);
        assertThat(failure.getMessage()).contains("@InNamespace(\"ns1\") on @BeforeParameterizedClassInvocation"
                + " method").contains("so it would run on JUnit's thread in the JVM's own namespace; the class was not"
                + " run. Move the code to an @InNamespace(\"ns1\") @BeforeEach/@AfterEach method")
                .contains("@InNamespace(\"ns1\") on @AfterParameterizedClassInvocation method");
        assertThat(RAN).isEmpty();
    }

    @Test
    void withoutInNamespaceAParameterizedClassRunsAsBefore() {
        RAN.clear();
        Kit.run(PlainCallbackTestCase.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(RAN).containsExactly("before 1", "test 1", "before 2", "test 2");
    }

    @KitFixture
    @NetNamespace("ns1")
    @ParameterizedClass
    @ValueSource(ints = {1, 2})
    static class InNamespaceCallbackTestCase {
        @Parameter
        int n;

        @BeforeParameterizedClassInvocation
        @InNamespace("ns1")
        static void before(int n) {
            RAN.add("before " + n);
        }

        @AfterParameterizedClassInvocation
        @InNamespace("ns1")
        static void after(int n) {
            RAN.add("after " + n);
        }

        @Test
        @InNamespace("ns1")
        void test() {
            RAN.add("test " + n);
        }
    }

    @KitFixture
    @NetNamespace("ns1")
    @ParameterizedClass
    @ValueSource(ints = {1, 2})
    static class PlainCallbackTestCase {
        @Parameter
        int n;

        @BeforeParameterizedClassInvocation
        static void before(int n) {
            RAN.add("before " + n);
        }

        @Test
        @InNamespace("ns1")
        void test() {
            RAN.add("test " + n);
        }
    }
}
