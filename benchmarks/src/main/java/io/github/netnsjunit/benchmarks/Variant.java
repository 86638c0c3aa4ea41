package io.github.netnsjunit.benchmarks;

/** One way of building and tearing down one topology. */
interface Variant {
    /** Short name for the table, e.g. {@code "library (a)"}. */
    String name();

    /** Which topology: {@code "a"} (two namespaces, one veth) or {@code "b"} (seed 4: bridge, NAT). */
    String topology();

    /**
     * True for code the JVM compiles as it runs (the library): it needs many warm-up runs before its figures are
     * those of compiled code. The ip variants start processes, which need none.
     */
    default boolean needsJitWarmUp() {
        return false;
    }

    /** Builds, pings once (untimed), tears down, and waits (untimed) until the namespaces are gone. */
    default Sample runOnce() throws Exception {
        return runOnce(true);
    }

    /**
     * Like {@link #runOnce()}; without {@code awaitGone} the next run starts at once, while the kernel still
     * destroys this run's namespaces (as consecutive tests do). Only variants that {@link #needsJitWarmUp()}
     * support that.
     */
    Sample runOnce(boolean awaitGone) throws Exception;
}
