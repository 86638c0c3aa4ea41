package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * One nf_tables expression of a rule: its kernel name ({@code payload}, {@code cmp}, …) and the attributes of its
 * NFTA_EXPR_DATA nest. Implementations are immutable values; {@link #toString()} is a one-line description in the
 * style of {@code nft --debug=netlink} (the rule-level nft text is made by {@code RuleFormatter}).
 */
public interface Expression {
    /** The expression type name the kernel knows it by (NFTA_EXPR_NAME). */
    String name();

    /** Writes the content of the NFTA_EXPR_DATA nest (the nest itself is written by the caller). */
    void writeData(MessageWriter w);

    /** nft-debug-like text, e.g. {@code payload load 4b @ network header + 12 => reg 1}. */
    @Override
    String toString();
}
