package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import java.util.Objects;

/**
 * A chain. A base chain is attached to a netfilter hook with a priority, a type ({@code filter}, {@code nat},
 * {@code route}) and a policy; a regular chain ({@link #regular}) is only reachable by jump/goto.
 *
 * @param family   NFPROTO_* family of the table
 * @param table    table name
 * @param name     chain name
 * @param type     {@code filter} / {@code nat} / {@code route}, null for a regular chain
 * @param hook     NF_INET_* hook, -1 for a regular chain
 * @param priority hook priority ({@link Nft#PRIORITY_SRCNAT} …)
 * @param policy   {@link Nft#NF_ACCEPT} or {@link Nft#NF_DROP}
 */
public record Chain(int family, String table, String name, String type, int hook, int priority, int policy) {

    /** Checks names. */
    public Chain {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
    }

    /** A base chain with policy accept. */
    public static Chain base(int family, String table, String name, String type, int hook, int priority) {
        return new Chain(family, table, name, type, hook, priority, Nft.NF_ACCEPT);
    }

    /** A {@code type nat} base chain with policy accept. */
    public static Chain nat(int family, String table, String name, int hook, int priority) {
        return base(family, table, name, "nat", hook, priority);
    }

    /** A {@code type filter} base chain. */
    public static Chain filter(int family, String table, String name, int hook, int priority, int policy) {
        return new Chain(family, table, name, "filter", hook, priority, policy);
    }

    /** A regular chain (no hook). */
    public static Chain regular(int family, String table, String name) {
        return new Chain(family, table, name, null, -1, 0, Nft.NF_ACCEPT);
    }

    /** True if attached to a hook. */
    public boolean isBase() {
        return hook >= 0;
    }

    /** Writes nfgenmsg + the chain attributes in the order of reference §5.1. */
    void writeNew(MessageWriter w) {
        NftBatch.nfgenmsg(w, family);
        w.attrString(Nft.NFTA_CHAIN_TABLE, table);
        w.attrString(Nft.NFTA_CHAIN_NAME, name);
        if (isBase()) {
            int h = w.beginNest(Nft.NFTA_CHAIN_HOOK | Netlink.NLA_F_NESTED);
            w.attrU32be(Nft.NFTA_HOOK_HOOKNUM, hook);
            w.attrU32be(Nft.NFTA_HOOK_PRIORITY, priority);
            w.endNest(h);
            w.attrU32be(Nft.NFTA_CHAIN_POLICY, policy);
            w.attrString(Nft.NFTA_CHAIN_TYPE, type);
        }
    }

    /** {@code ip nat postrouting { type nat hook postrouting priority 100; policy accept; }} */
    @Override
    public String toString() {
        String head = Nft.familyName(family) + " " + table + " " + name;
        if (!isBase()) {
            return head;
        }
        return head + " { type " + type + " hook " + Nft.hookName(hook) + " priority " + priority + "; policy "
                + (policy == Nft.NF_ACCEPT ? "accept" : policy == Nft.NF_DROP ? "drop" : String.valueOf(policy)) + "; }";
    }
}
