package io.github.netnsjunit.junit;

/** A DNS fault in force, made by {@link DnsFaultBuilder#apply()}; closing it restores the answers. */
public interface DnsRule extends AutoCloseable {
    /** Ends the fault; calling it again does nothing. */
    @Override
    void close();

    /** True until {@link #close()} (or the end of the test). */
    boolean isActive();

    /** What is faulted, e.g. {@code dns db: SERVFAIL after 200 ms in every namespace}. */
    @Override
    String toString();
}
