package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * An ordered list of nftables changes that the kernel applies atomically: everything or nothing. It only
 * describes and encodes; {@link Nftables#apply} sends it. On the wire it is {@code NFNL_MSG_BATCH_BEGIN}, one
 * acknowledged message per change, {@code NFNL_MSG_BATCH_END}, all in one datagram (nfnetlink refuses
 * modifications outside a batch).
 */
public final class NftBatch {
    /** An empty batch: add changes with {@link #add} and friends. */
    public NftBatch() {
    }

    /** One change; {@link #description()} names it in error messages. */
    public sealed interface Change permits AddTable, AddChain, AddRule, DeleteTable, DestroyTable {
        /** e.g. {@code NFT_MSG_NEWRULE ip nat postrouting: ip saddr 10.0.0.0/24 masquerade}. */
        String description();
    }

    /** NFT_MSG_NEWTABLE; with {@code exclusive} an existing table is an error (EEXIST) instead of a no-op. */
    public record AddTable(Table table, boolean exclusive) implements Change {
        @Override
        public String description() {
            return "NFT_MSG_NEWTABLE " + table + (exclusive ? " (exclusive)" : "");
        }
    }

    /** NFT_MSG_NEWCHAIN (an existing chain with the same hook is kept). */
    public record AddChain(Chain chain) implements Change {
        @Override
        public String description() {
            return "NFT_MSG_NEWCHAIN " + chain;
        }
    }

    /** NFT_MSG_NEWRULE, appended at the end of the chain. */
    public record AddRule(Rule rule) implements Change {
        @Override
        public String description() {
            return "NFT_MSG_NEWRULE " + Nft.familyName(rule.family()) + " " + rule.table() + " " + rule.chain() + ": "
                    + rule.text();
        }
    }

    /** NFT_MSG_DELTABLE: removes the table with its chains and rules; ENOENT if absent. */
    public record DeleteTable(int family, String name) implements Change {
        @Override
        public String description() {
            return "NFT_MSG_DELTABLE " + Nft.familyName(family) + " " + name;
        }
    }

    /** NFT_MSG_DESTROYTABLE: like {@link DeleteTable} but absent is fine (kernel 6.3+, else EINVAL). */
    public record DestroyTable(int family, String name) implements Change {
        @Override
        public String description() {
            return "NFT_MSG_DESTROYTABLE " + Nft.familyName(family) + " " + name;
        }
    }

    private final List<Change> changes = new ArrayList<>();

    /** Adds a table (no error if it exists). */
    public NftBatch add(Table table) {
        changes.add(new AddTable(table, false));
        return this;
    }

    /** Adds a table that must not exist yet (NLM_F_EXCL: EEXIST otherwise). */
    public NftBatch addExclusive(Table table) {
        changes.add(new AddTable(table, true));
        return this;
    }

    /** Adds a chain. */
    public NftBatch add(Chain chain) {
        changes.add(new AddChain(chain));
        return this;
    }

    /** Appends a rule. */
    public NftBatch add(Rule rule) {
        changes.add(new AddRule(rule));
        return this;
    }

    /** Deletes a table (ENOENT if absent). */
    public NftBatch deleteTable(int family, String name) {
        changes.add(new DeleteTable(family, name));
        return this;
    }

    /** Deletes a table if it exists (kernel 6.3+). */
    public NftBatch destroyTable(int family, String name) {
        changes.add(new DestroyTable(family, name));
        return this;
    }

    /** Appends every change of {@code other}. */
    public NftBatch addAll(NftBatch other) {
        changes.addAll(other.changes);
        return this;
    }

    /** The changes in order. */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The rules this batch adds. */
    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        for (Change c : changes) {
            if (c instanceof AddRule r) {
                out.add(r.rule());
            }
        }
        return out;
    }

    /** True if nothing to do. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** True if some added table carries {@link Nft#NFT_TABLE_F_OWNER}. */
    public boolean hasOwnedTables() {
        return changes.stream().anyMatch(c -> c instanceof AddTable t && t.table().isOwned());
    }

    /** A copy in which every added table is owned by the sending socket ({@link Table#owned}). */
    public NftBatch owned() {
        return withTableFlags(true);
    }

    /** A copy without the owner flag (fallback for kernels older than 5.12). */
    public NftBatch withoutOwnerFlag() {
        return withTableFlags(false);
    }

    private NftBatch withTableFlags(boolean owner) {
        NftBatch copy = new NftBatch();
        for (Change c : changes) {
            if (c instanceof AddTable t) {
                int flags = owner ? t.table().flags() | Nft.NFT_TABLE_F_OWNER : t.table().flags() & ~Nft.NFT_TABLE_F_OWNER;
                copy.changes.add(new AddTable(t.table().withFlags(flags), t.exclusive()));
            } else {
                copy.changes.add(c);
            }
        }
        return copy;
    }

    /**
     * Writes BEGIN, every change (acknowledged: NLM_F_ACK is added by {@link RequestBatch#add}) and END into
     * {@code batch}. BEGIN/END carry no ACK flag: kernels before 6.10 never answer them, so asking would break the
     * count; a commit failure is still reported against BEGIN's sequence number and picked up by the batch.
     */
    public void writeTo(RequestBatch batch) {
        batch.addUnacked(Nft.NFNL_MSG_BATCH_BEGIN, 0, "NFNL_MSG_BATCH_BEGIN (commit of " + summary() + ")",
                w -> batchHeader(w));
        for (Change c : changes) {
            if (c instanceof AddTable t) {
                batch.add(Nft.messageType(Nft.NFT_MSG_NEWTABLE), t.exclusive() ? Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL
                        : Netlink.NLM_F_CREATE, c.description(), w -> t.table().writeNew(w));
            } else if (c instanceof AddChain ch) {
                batch.add(Nft.messageType(Nft.NFT_MSG_NEWCHAIN), Netlink.NLM_F_CREATE, c.description(),
                        w -> ch.chain().writeNew(w));
            } else if (c instanceof AddRule r) {
                batch.add(Nft.messageType(Nft.NFT_MSG_NEWRULE), Netlink.NLM_F_CREATE | Netlink.NLM_F_APPEND,
                        c.description(), w -> r.rule().writeNew(w));
            } else if (c instanceof DeleteTable d) {
                batch.add(Nft.messageType(Nft.NFT_MSG_DELTABLE), 0, c.description(), w -> tableName(w, d.family(), d.name()));
            } else if (c instanceof DestroyTable d) {
                batch.add(Nft.messageType(Nft.NFT_MSG_DESTROYTABLE), 0, c.description(),
                        w -> tableName(w, d.family(), d.name()));
            }
        }
        batch.addUnacked(Nft.NFNL_MSG_BATCH_END, 0, "NFNL_MSG_BATCH_END", w -> batchHeader(w));
    }

    private String summary() {
        return changes.size() == 1 ? changes.get(0).description() : changes.size() + " nftables changes";
    }

    /** nfgenmsg of BEGIN/END: family unspec, version 0, res_id = subsystem (big-endian). */
    private static void batchHeader(MessageWriter w) {
        w.u8(Nft.NFPROTO_UNSPEC).u8(Nft.NFNETLINK_V0).u16be(Nft.NFNL_SUBSYS_NFTABLES);
    }

    private static void tableName(MessageWriter w, int family, String name) {
        nfgenmsg(w, family);
        w.attrString(Nft.NFTA_TABLE_NAME, name);
    }

    /** nfgenmsg of an inner message: family, version 0, res_id 0. */
    static void nfgenmsg(MessageWriter w, int family) {
        w.u8(family).u8(Nft.NFNETLINK_V0).u16be(0);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("NftBatch[");
        for (Change c : changes) {
            s.append("\n  ").append(c.description());
        }
        return s.append(changes.isEmpty() ? "]" : "\n]").toString();
    }
}
