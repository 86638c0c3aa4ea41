package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.junit.NetworkTopology;
import java.util.Objects;
import java.util.function.Function;

/**
 * Internal: reads the declarations a {@link NetworkTopology} holds. They are the model's input, not part of the
 * public type's API, so the public class hands this package a reader once, when it is initialised (the JDK's own
 * "shared secrets" pattern across packages of one module). The reader is set once and never changes.
 */
public final class RawTopologies {
    private static volatile Function<NetworkTopology, RawTopology> reader;

    private RawTopologies() {
    }

    /** Called once, by {@link NetworkTopology}'s static initialiser. */
    public static void grant(Function<NetworkTopology, RawTopology> declarations) {
        if (reader != null) {
            throw new IllegalStateException("the declarations reader is already set");
        }
        reader = Objects.requireNonNull(declarations);
    }

    /** The declarations of {@code topology}, as given, unvalidated. */
    public static RawTopology of(NetworkTopology topology) {
        Objects.requireNonNull(topology, "topology");
        // holding an instance means the class is initialised, so the reader is set
        return reader.apply(topology);
    }
}
