package io.github.netnsjunit.junit;

/**
 * A fault that counts what it hit: a {@link Partition}, a {@link Block} (drop or reject), the conditions on a link
 * ({@link NetNs#conditionsInForce(String)}). A fault that silently does nothing — a partition of the wrong
 * namespaces, a block of a port nobody uses, conditions on the other end of the link — gives a green test that
 * proves nothing; {@link #hits()} says whether the test's traffic met it:
 * <pre>{@code
 * try (Partition p = topology.partition("ns1")) {
 *     client.call();
 *     assertThat(p).wasHit();           // NetAssertions: fails naming the fault when it hit nothing
 * }
 * }</pre>
 * or for every fault of a test at once, {@link FaultsMustHit @FaultsMustHit}.
 */
public interface CountedFault {
    /**
     * What the fault hit since it was made (for conditions: since they were last set), counted by the kernel or the
     * relay; after the fault ended, what it hit until then.
     */
    Hits hits();

    /** What the fault is, in words, e.g. {@code partition [ns1] | [ns2, ns3]}. */
    @Override
    String toString();
}
