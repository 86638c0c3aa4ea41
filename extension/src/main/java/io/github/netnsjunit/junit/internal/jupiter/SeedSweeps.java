package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.NetnsConfig;
import io.github.netnsjunit.junit.SeedSweep;
import io.github.netnsjunit.junit.TestSeed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Internal: the seeds of a {@link SeedSweep} and one invocation per seed: its display name ({@code [1] seed 42}), a
 * {@link TestSeed} parameter, and failures that name the seed and how to replay it ({@link NetnsConfig#SEED}).
 */
public final class SeedSweeps {
    private SeedSweeps() {
    }

    /** The annotation on the test method of {@code context}, if any. */
    public static Optional<SeedSweep> onMethod(ExtensionContext context) {
        return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, SeedSweep.class));
    }

    /** The annotation on the test class of {@code context}, if any. */
    public static Optional<SeedSweep> onClass(ExtensionContext context) {
        return context.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, SeedSweep.class));
    }

    /** One test-template invocation per seed. */
    public static Stream<TestTemplateInvocationContext> forMethod(ExtensionContext context) {
        List<Long> seeds = seeds(context, onMethod(context).orElseThrow(), context.getRequiredTestMethod().getName());
        return IntStream.range(0, seeds.size()).mapToObj(i -> new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name(invocationIndex, seeds.get(i));
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return extensions(seeds.get(i));
            }
        });
    }

    /** One class-template invocation per seed. */
    public static Stream<ClassTemplateInvocationContext> forClass(ExtensionContext context) {
        List<Long> seeds = seeds(context, onClass(context).orElseThrow(), context.getRequiredTestClass().getName());
        return IntStream.range(0, seeds.size()).mapToObj(i -> new ClassTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return name(invocationIndex, seeds.get(i));
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return extensions(seeds.get(i));
            }
        });
    }

    private static String name(int index, long seed) {
        return "[" + index + "] seed " + seed;
    }

    /** The replayed seed, else the annotation's seeds, else {@code count} fresh ones. */
    static List<Long> seeds(ExtensionContext context, SeedSweep sweep, String where) {
        Optional<String> replay = context.getConfigurationParameter(NetnsConfig.SEED).map(String::strip)
                .filter(s -> !s.isEmpty());
        if (replay.isPresent()) {
            try {
                return List.of(Long.parseLong(replay.get()));
            } catch (NumberFormatException e) {
                throw new ExtensionConfigurationException(NetnsConfig.SEED + "=" + replay.get() + " is not a seed: "
                        + "give the number a failure named, e.g. -D" + NetnsConfig.SEED + "=42.");
            }
        }
        if (sweep.seeds().length > 0) {
            return Arrays.stream(sweep.seeds()).boxed().toList();
        }
        if (sweep.count() < 1) {
            throw new ExtensionConfigurationException("@SeedSweep(count = " + sweep.count() + ") on " + where
                    + " runs nothing. Give count = 1 or more, or seeds = {...}.");
        }
        SplittableRandom fresh = new SplittableRandom();
        List<Long> seeds = new ArrayList<>();
        while (seeds.size() < sweep.count()) {
            long s = fresh.nextLong();
            if (!seeds.contains(s)) {
                seeds.add(s);
            }
        }
        return seeds;
    }

    private static List<Extension> extensions(long seed) {
        return List.of(new SeedParameter(seed), new SeedInFailure(seed));
    }

    /** Resolves {@link TestSeed} parameters. */
    private record SeedParameter(long seed) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TestSeed.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return new TestSeed(seed);
        }
    }

    /** Puts the seed and how to replay it at the head of a failure's message (same type, cause: the original). */
    private record SeedInFailure(long seed) implements TestExecutionExceptionHandler {
        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            String message = "seed " + seed + ": " + failure.getMessage() + "\n(replay this seed alone with -D"
                    + NetnsConfig.SEED + "=" + seed + ")";
            Throwable named;
            if (failure instanceof AssertionFailedError a && a.isExpectedDefined() && a.isActualDefined()) {
                // the values stay, so that an IDE still shows the difference
                named = new AssertionFailedError(message, a.getExpected(), a.getActual(), failure);
            } else if (failure instanceof AssertionFailedError) {
                named = new AssertionFailedError(message, failure);
            } else if (failure instanceof AssertionError) {
                named = new AssertionError(message, failure);
            } else {
                failure.addSuppressed(new SeedOfTheRun(message));
                throw failure;
            }
            named.setStackTrace(failure.getStackTrace());
            throw named;
        }
    }

    /** The seed of a run that failed with an exception other than an assertion, attached to it. */
    static final class SeedOfTheRun extends RuntimeException {
        SeedOfTheRun(String message) {
            super(message, null, false, false);
        }
    }
}
