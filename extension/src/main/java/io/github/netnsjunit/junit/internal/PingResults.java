package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.PingResult;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Internal: creates {@link PingResult}s, whose constructor is not public API. The public class hands this package
 * its constructor when it is initialised (the JDK's "shared secrets" pattern across packages of one module, as
 * {@code model.RawTopologies} does for {@code NetworkTopology}). Set once, never changed.
 */
public final class PingResults {
    /** {@link PingResult}'s constructor. */
    @FunctionalInterface
    public interface Factory {
        /** The parameters of PingResult's constructor, in its order. */
        PingResult create(String from, String target, int sent, List<Duration> rtts, List<String> errors,
                Duration timeout, String route, int duplicates, String sendFailure);
    }

    private static volatile Factory factory;

    private PingResults() {
    }

    /** Called once, by {@link PingResult}'s static initialiser. */
    public static void grant(Factory constructor) {
        if (factory != null) {
            throw new IllegalStateException("the PingResult factory is already set");
        }
        factory = Objects.requireNonNull(constructor);
    }

    /** A new result; see {@link PingResult}'s accessors for the meaning of each value. */
    static PingResult create(String from, String target, int sent, List<Duration> rtts, List<String> errors,
            Duration timeout, String route, int duplicates, String sendFailure) {
        Factory f = factory;
        if (f == null) {
            initialize();
            f = factory;
        }
        return f.create(from, target, sent, rtts, errors, timeout, route, duplicates, sendFailure);
    }

    /** No PingResult exists yet: running its static initialiser grants the factory. */
    private static void initialize() {
        try {
            Class.forName(PingResult.class.getName(), true, PingResult.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
