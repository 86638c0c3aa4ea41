package io.github.netnsjunit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test method, or every test of a class, once per seed: a sweep over the seeds of what is random in the test
 * (a {@code @LinkConditions(seed = ...)} loss, a nemesis {@code Schedule}, a {@code PartitionShape}), each run in a
 * fresh topology, the seed in its display name ({@code [2] seed 7215426913513520041}) and in its failure message
 * ({@code seed 72154...: expected ...; replay it with -Dnetns.junit.seed=72154...}). The test gets its seed as a
 * {@link TestSeed} parameter (of the test method, of lifecycle methods, or of the class's constructor).
 * <pre>{@code
 * @SeedSweep(count = 20)
 * void survivesARandomSchedule(TestSeed seed, Topology topology) {
 *     Schedule plan = Schedule.plan(seed.value(), Duration.ofSeconds(5), ...);
 * }
 * }</pre>
 * Without {@link #seeds()}, the seeds are drawn anew on every run (a sweep explores); {@link NetnsConfig#SEED}
 * ({@code -Dnetns.junit.seed=N}) replays one. On a method it is a test template, on a class a class template
 * (JUnit 5.13+): each seed runs the whole class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ClassTemplate
@ExtendWith(SeedSweepExtension.class)
public @interface SeedSweep {
    /** How many seeds, drawn at random on each run; at least 1. Ignored when {@link #seeds()} are given. */
    int count() default 5;

    /** Fixed seeds, run in this order (the sweep is then the same on every run). */
    long[] seeds() default {};
}
