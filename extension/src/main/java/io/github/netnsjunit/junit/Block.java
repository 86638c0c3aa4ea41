package io.github.netnsjunit.junit;

/**
 * Packets from one namespace to an address (and port) dropped or refused, made by {@link NetNs#block(String, int)}
 * ({@code iptables -A OUTPUT -d ADDR -p tcp --dport PORT -j DROP}) or {@link NetNs#reject(String, int)}
 * ({@code ... -j REJECT --reject-with tcp-reset}, like Toxiproxy's reset_peer). Realised as nftables rules in a table
 * of ours; {@link #close()} removes them, and teardown removes what is still in force. {@link #hits()} counts the
 * packets it dropped or refused, and for a reject the TCP connection attempts it refused.
 */
public interface Block extends AutoCloseable, CountedFault {
    /** Removes the rules; calling it again does nothing. */
    @Override
    void close();

    /** True until {@link #close()}. */
    boolean isActive();

    /** e.g. {@code ns1: reject to 10.0.0.2 port 8080}. */
    @Override
    String toString();
}
