package io.github.netnsjunit.junit.internal.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal: the unvalidated declarations of a test, in declaration order across all kinds (so that
 * problems can be reported in the order the user wrote them).
 */
public record RawTopology(List<Declaration> declarations) {

    /** No declarations. */
    public static final RawTopology EMPTY = new RawTopology(List.of());

    /** Copies the list. */
    public RawTopology {
        declarations = List.copyOf(declarations);
    }

    /** This topology's declarations followed by {@code other}'s. */
    public RawTopology merge(RawTopology other) {
        List<Declaration> all = new ArrayList<>(declarations);
        all.addAll(other.declarations);
        return new RawTopology(all);
    }

    /** True when nothing is declared. */
    public boolean isEmpty() {
        return declarations.isEmpty();
    }
}
