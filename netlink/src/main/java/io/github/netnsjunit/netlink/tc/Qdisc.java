package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * One kind of queueing discipline: its kernel name ({@code TCA_KIND}) and the content of its {@code TCA_OPTIONS}.
 * Implementations are immutable values, one small file per kind ({@link Netem}, {@link Tbf}).
 */
public interface Qdisc {
    /** The kind the kernel knows it by, e.g. {@code netem}. */
    String kind();

    /** Writes the payload of {@code TCA_OPTIONS} (the attribute header is written by the caller). */
    void writeOptions(MessageWriter w);

    /** The options in {@code tc} words, e.g. {@code netem delay 50ms}. */
    @Override
    String toString();
}
