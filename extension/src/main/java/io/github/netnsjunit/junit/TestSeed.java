package io.github.netnsjunit.junit;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The seed of one run of a {@link SeedSweep}, injected as a parameter. {@link #toString()} is {@code seed 42}, as
 * in the display name.
 *
 * @param value the seed
 */
public record TestSeed(long value) {
    /** A {@link Random} seeded with it (e.g. for {@code PartitionShape.halves(nodes, seed.random())}). */
    public Random random() {
        return new Random(value);
    }

    /** A {@link SplittableRandom} seeded with it. */
    public SplittableRandom splittableRandom() {
        return new SplittableRandom(value);
    }

    @Override
    public String toString() {
        return "seed " + value;
    }
}
