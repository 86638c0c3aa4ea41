package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.util.List;
import java.util.Objects;

/**
 * A rule: where it goes (family, table, chain) and its expressions, evaluated in order.
 * {@link #toString()} gives nft text such as {@code ip saddr 192.168.88.0/24 oifname != "br01" masquerade}.
 */
public record Rule(int family, String table, String chain, List<Expression> expressions) {

    /** Copies the list. */
    public Rule {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(chain, "chain");
        expressions = List.copyOf(expressions);
    }

    /** A rule from varargs expressions. */
    public static Rule of(int family, String table, String chain, Expression... expressions) {
        return new Rule(family, table, chain, List.of(expressions));
    }

    /** Writes nfgenmsg + NFTA_RULE_TABLE, NFTA_RULE_CHAIN, NFTA_RULE_EXPRESSIONS. */
    void writeNew(MessageWriter w) {
        NftBatch.nfgenmsg(w, family);
        w.attrString(Nft.NFTA_RULE_TABLE, table);
        w.attrString(Nft.NFTA_RULE_CHAIN, chain);
        Expressions.write(w, Nft.NFTA_RULE_EXPRESSIONS, expressions);
    }

    /** The rule as nft text (best effort; see {@code RuleFormatter}). */
    public String text() {
        return RuleFormatter.format(family, expressions);
    }

    @Override
    public String toString() {
        return text();
    }
}
