package io.github.netnsjunit.benchmarks;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the JUnit launcher has already done in a JVM before its first test runs, done here on purpose: a lambda, a
 * stream, a compiled regex, {@code String.format}, an annotation read by reflection, a string concatenation and an
 * {@link InetAddress} literal. {@link FirstTopology} calls it before its clock starts when the system property
 * {@value #PROPERTY} is {@code true}, so that a series of {@link FreshJvmBenchmark} shows which part of the first
 * topology is this library's own and which is the JDK's one-time start that any JUnit run pays before its first test
 * (the Jupiter engine discovers tests with streams, lambdas, regex filters and annotation reflection).
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
        return Boolean.getBoolean(PROPERTY);
    }

    /** Does the JDK's one-time work; returns something derived from all of it so that none of it is dropped. */
    @Marker("warm")
    static int run() throws Exception {
        List<String> words = List.of("alpha", "beta", "gamma");
        String joined = words.stream().map(w -> w.toUpperCase(Locale.ROOT)).collect(Collectors.joining(","));
        boolean matches = Pattern.compile("[A-Z]+(,[A-Z]+)*").matcher(joined).matches();
        String formatted = String.format(Locale.ROOT, "%s-%d", joined, words.size());
        String annotation = LauncherWarmth.class.getDeclaredMethod("run").getAnnotation(Marker.class).value();
        String concatenated = formatted + annotation + matches;
        return concatenated.length() + InetAddress.getByName("127.0.0.1").getAddress().length;
    }
}
