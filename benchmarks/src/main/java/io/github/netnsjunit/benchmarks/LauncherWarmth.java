package io.github.netnsjunit.benchmarks;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the JUnit launcher has already done in a JVM before its first test runs, done here on purpose. With the system
 * property {@value #PROPERTY} {@code true}: a lambda, a stream, a compiled regex, {@code String.format}, an annotation
 * read by reflection, a string concatenation and an {@link InetAddress} literal. With {@code junit}: the JUnit
 * Platform launcher itself discovers and runs one empty Jupiter test ({@link EmptyTest}) — what an IDE or Surefire has
 * done before a first test, to the letter (the engine's streams, lambdas, reflection, and {@code java.util.logging},
 * which JUnit logs through and jffi's stub loader starts too). {@link FirstTopology} calls it before its clock starts,
 * so that a series of {@link FreshJvmBenchmark} shows which part of the first topology is this library's own and
 * which is the one-time start that any JUnit run pays before its first test.
 */
final class LauncherWarmth {
    /** The system property that turns the warm-up on. */
    static final String PROPERTY = "netns.benchmark.launcher-warmth";

    @Retention(RetentionPolicy.RUNTIME)
    private @interface Marker {
        String value();
    }

    private LauncherWarmth() {
    }

    /** Whether the child JVM was asked to warm the JDK first. */
    static boolean requested() {
        String value = System.getProperty(PROPERTY, "false");
        return value.equals("true") || value.equals("junit");
    }

    /** The test the {@code junit} warm-up runs: nothing, as the first test of a run that has not reached ours. */
    public static final class EmptyTest {
        /** Passes. */
        @org.junit.jupiter.api.Test
        void nothing() {
        }
    }

    /** Does the JDK's one-time work; returns something derived from all of it so that none of it is dropped. */
    @Marker("warm")
    static int run() throws Exception {
        if (System.getProperty(PROPERTY).equals("junit")) {
            org.junit.platform.launcher.listeners.SummaryGeneratingListener summary =
                    new org.junit.platform.launcher.listeners.SummaryGeneratingListener();
            org.junit.platform.launcher.core.LauncherFactory.create().execute(
                    org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request()
                            .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(EmptyTest.class))
                            .build(), summary);
            if (summary.getSummary().getTestsSucceededCount() != 1) {
                throw new IllegalStateException("the warm-up's empty test did not pass: " + summary.getSummary());
            }
            return (int) summary.getSummary().getTestsSucceededCount();
        }
        List<String> words = List.of("alpha", "beta", "gamma");
        String joined = words.stream().map(w -> w.toUpperCase(Locale.ROOT)).collect(Collectors.joining(","));
        boolean matches = Pattern.compile("[A-Z]+(,[A-Z]+)*").matcher(joined).matches();
        String formatted = String.format(Locale.ROOT, "%s-%d", joined, words.size());
        String annotation = LauncherWarmth.class.getDeclaredMethod("run").getAnnotation(Marker.class).value();
        String concatenated = formatted + annotation + matches;
        return concatenated.length() + InetAddress.getByName("127.0.0.1").getAddress().length;
    }
}
