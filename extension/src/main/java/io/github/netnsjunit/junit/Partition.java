package io.github.netnsjunit.junit;

/**
 * A network partition in force, made by {@link Topology#partition(String...)} or
 * {@link Topology#partitionOneWay(String, String)} (like a Jepsen partition nemesis, or {@code iptables -A INPUT -s
 * ... -j DROP} on every side by hand). Packets are dropped, not refused: connects across it time out, and established
 * TCP connections stall and retransmit, carrying on after {@link #heal()} if it comes soon enough.
 *
 * <p>Realised as nftables rules in tables of ours in the namespaces involved; {@link #heal()} (or {@link #close()})
 * removes them, and teardown removes what is still in force. Each rule counts what it dropped: {@link #hits()} is
 * the sum over the namespaces, read back from the kernel (after the heal, what it dropped until then).
 */
public interface Partition extends AutoCloseable, CountedFault {
    /** Ends the partition; calling it again does nothing. */
    void heal();

    /** True until {@link #heal()}. */
    boolean isActive();

    /** Same as {@link #heal()}, for try-with-resources. */
    @Override
    void close();

    /** What is cut, e.g. {@code partition [ns1] | [ns2, ns3]}. */
    @Override
    String toString();
}
