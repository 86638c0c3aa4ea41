package io.github.netnsjunit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.testing.SeedFour;
import java.lang.annotation.Annotation;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link DockerLikeBridge} is this sample module's own copy of seed 4 on purpose: users read it, and a sample cannot
 * import an internal test fixture. It must stay the very topology of the shared fixture {@link SeedFour} that the
 * extension's tests and the benchmarks use: same annotations, same attribute values.
 */
class SeedFourFixtureTest {

    @Test
    void dockerLikeBridgeDeclaresExactlyTheSharedSeedFourTopology() {
        Set<Annotation> sample = topologyAnnotations(DockerLikeBridge.class);
        assertThat(sample).isNotEmpty();
        assertThat(sample).isEqualTo(topologyAnnotations(SeedFour.class));
    }

    /** The declarations (repeatable ones inside their containers), without @Retention, @Target and such. */
    private static Set<Annotation> topologyAnnotations(Class<?> type) {
        return Stream.of(type.getDeclaredAnnotations())
                .filter(a -> !a.annotationType().getPackageName().equals("java.lang.annotation"))
                .collect(Collectors.toSet());
    }
}
