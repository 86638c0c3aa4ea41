package io.github.netnsjunit.benchmarks;

/** One way of building and tearing down one topology. */
interface Variant {
    /** Short name for the table, e.g. {@code "library (a)"}. */
    String name();

    /** Which topology: {@code "a"} (two namespaces, one veth) or {@code "b"} (seed 4: bridge, NAT). */
    String topology();

    /** Builds, pings once (untimed), tears down, and waits (untimed) until the namespaces are gone. */
    Sample runOnce() throws Exception;
}
