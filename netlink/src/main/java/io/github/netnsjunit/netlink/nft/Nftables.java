package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import io.github.netnsjunit.netlink.sys.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * nftables of one network namespace, driven over that namespace's NETLINK_NETFILTER socket: apply batches, delete
 * tables, list tables and rules. Tables created with {@link Nft#NFT_TABLE_F_OWNER} belong to the socket used here
 * and vanish when it closes.
 */
public final class Nftables {
    private final NetlinkSocket socket;
    /** null = not known yet; learnt from the first attempt. */
    private volatile Boolean destroySupported;
    private volatile Boolean ownerSupported;

    /** Uses the namespace's netfilter socket. */
    public Nftables(NamespaceHandle ns) {
        this(ns.netfilterSocket());
    }

    /** Uses a NETLINK_NETFILTER socket (it decides the namespace and owns any owned tables). */
    public Nftables(NetlinkSocket socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /** The socket used. */
    public NetlinkSocket socket() {
        return socket;
    }

    /**
     * Applies {@code batch} atomically. If it adds owned tables and the kernel refuses the owner flag
     * (EOPNOTSUPP/EINVAL on NEWTABLE: kernel older than 5.12), it is applied again without the flag and the result
     * says so. Any other refusal throws a {@link NetlinkException} naming the failing change; nothing is applied then.
     */
    public ApplyResult apply(NftBatch batch) {
        if (batch.isEmpty()) {
            return ApplyResult.clean();
        }
        if (batch.hasOwnedTables() && Boolean.FALSE.equals(ownerSupported)) {
            send(batch.withoutOwnerFlag());
            return new ApplyResult(true, List.of(ownerNote()));
        }
        try {
            send(batch);
            if (batch.hasOwnedTables()) {
                ownerSupported = true;
            }
            return ApplyResult.clean();
        } catch (NetlinkException e) {
            if (batch.hasOwnedTables() && isOwnerRefusal(e)) {
                ownerSupported = false;
                send(batch.withoutOwnerFlag());
                return new ApplyResult(true, List.of(ownerNote() + " (kernel said: " + e.getMessage() + ")"));
            }
            throw e;
        }
    }

    private static boolean isOwnerRefusal(NetlinkException e) {
        return (e.errno() == Errno.EOPNOTSUPP || e.errno() == Errno.EINVAL)
                && e.request().startsWith("NFT_MSG_NEWTABLE") && e.request().contains("flags owner");
    }

    private String ownerNote() {
        return "the kernel of netns " + socket.namespace() + " does not support NFT_TABLE_F_OWNER (needs Linux 5.12+):"
                + " tables were created without it and are not removed automatically when the socket closes";
    }

    private void send(NftBatch batch) {
        RequestBatch b = socket.batch();
        batch.writeTo(b);
        b.execute();
    }

    /**
     * True if the kernel accepts owned tables; probes once with a batch that creates and deletes an owned table
     * (net effect: nothing), then remembers the answer.
     */
    public boolean ownerFlagSupported() {
        Boolean known = ownerSupported;
        if (known != null) {
            return known;
        }
        String probe = "netns_junit_probe_" + Long.toHexString(System.nanoTime());
        NftBatch b = new NftBatch().addExclusive(Table.owned(Nft.NFPROTO_INET, probe)).deleteTable(Nft.NFPROTO_INET, probe);
        try {
            send(b);
            ownerSupported = true;
        } catch (NetlinkException e) {
            if (!isOwnerRefusal(e)) {
                throw e;
            }
            ownerSupported = false;
        }
        return ownerSupported;
    }

    /**
     * Deletes a table if it exists: NFT_MSG_DESTROYTABLE on kernels 6.3+, else NFT_MSG_DELTABLE with ENOENT
     * ignored. (An owned table of another socket gives EPERM.)
     */
    public void deleteTable(int family, String name) {
        if (!Boolean.FALSE.equals(destroySupported)) {
            try {
                send(new NftBatch().destroyTable(family, name));
                destroySupported = true;
                return;
            } catch (NetlinkException e) {
                // older kernels don't know the message type: nfnetlink answers EINVAL (or EOPNOTSUPP)
                if (e.errno() != Errno.EINVAL && e.errno() != Errno.EOPNOTSUPP) {
                    throw e;
                }
                destroySupported = false;
            }
        }
        try {
            send(new NftBatch().deleteTable(family, name));
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENOENT) {
                throw e;
            }
        }
    }

    /** Every table of every family (NFT_MSG_GETTABLE dump). */
    public List<TableInfo> tables() {
        List<NetlinkMessage> replies = socket.dump(Nft.messageType(Nft.NFT_MSG_GETTABLE), "NFT_MSG_GETTABLE (dump)",
                w -> NftBatch.nfgenmsg(w, Nft.NFPROTO_UNSPEC));
        List<TableInfo> out = new ArrayList<>();
        for (NetlinkMessage m : replies) {
            if ((m.type() & 0xff) != Nft.NFT_MSG_NEWTABLE) {
                continue;
            }
            Attributes a = m.attributes(Nft.NFGENMSG_LEN);
            out.add(new TableInfo(m.payload().get(0) & 0xff, a.string(Nft.NFTA_TABLE_NAME),
                    a.u32be(Nft.NFTA_TABLE_FLAGS, 0), a.u32be(Nft.NFTA_TABLE_OWNER, 0)));
        }
        return out;
    }

    /** The rules of a table as {@link Rule} values, chain by chain in kernel order (NFT_MSG_GETRULE dump). */
    public List<Rule> ruleList(int family, String table) {
        List<NetlinkMessage> replies = socket.dump(Nft.messageType(Nft.NFT_MSG_GETRULE),
                "NFT_MSG_GETRULE " + Nft.familyName(family) + " " + table + " (dump)", w -> {
                    NftBatch.nfgenmsg(w, family);
                    w.attrString(Nft.NFTA_RULE_TABLE, table);
                });
        List<Rule> out = new ArrayList<>();
        for (NetlinkMessage m : replies) {
            if ((m.type() & 0xff) != Nft.NFT_MSG_NEWRULE) {
                continue;
            }
            Attributes a = m.attributes(Nft.NFGENMSG_LEN);
            int f = m.payload().get(0) & 0xff;
            String t = a.string(Nft.NFTA_RULE_TABLE);
            if (!table.equals(t) || f != family) {
                continue; // kernels that ignore the dump filter
            }
            out.add(new Rule(f, t, a.string(Nft.NFTA_RULE_CHAIN), Expressions.decode(a.nested(Nft.NFTA_RULE_EXPRESSIONS))));
        }
        return out;
    }

    /**
     * The rules of a table as nft-like text lines, e.g. {@code ip saddr 192.168.88.0/24 oifname != "br01" masquerade}
     * (best-effort decoding, for diagnostics; unknown expressions appear as {@code [expr name]}).
     */
    public List<String> rules(int family, String table) {
        return ruleList(family, table).stream().map(Rule::text).toList();
    }

    /**
     * Every chain of every family (NFT_MSG_GETCHAIN dump). Base chains carry their hook, priority and policy;
     * regular chains have {@link Chain#hook()} -1.
     */
    public List<Chain> chains() {
        List<NetlinkMessage> replies = socket.dump(Nft.messageType(Nft.NFT_MSG_GETCHAIN), "NFT_MSG_GETCHAIN (dump)",
                w -> NftBatch.nfgenmsg(w, Nft.NFPROTO_UNSPEC));
        List<Chain> out = new ArrayList<>();
        for (NetlinkMessage m : replies) {
            if ((m.type() & 0xff) != Nft.NFT_MSG_NEWCHAIN) {
                continue;
            }
            Attributes a = m.attributes(Nft.NFGENMSG_LEN);
            Attributes hook = a.nested(Nft.NFTA_CHAIN_HOOK);
            boolean base = a.has(Nft.NFTA_CHAIN_HOOK);
            out.add(new Chain(m.payload().get(0) & 0xff, a.string(Nft.NFTA_CHAIN_TABLE), a.string(Nft.NFTA_CHAIN_NAME),
                    a.string(Nft.NFTA_CHAIN_TYPE), base ? hook.u32be(Nft.NFTA_HOOK_HOOKNUM, -1) : -1,
                    base ? hook.u32be(Nft.NFTA_HOOK_PRIORITY, 0) : 0, a.u32be(Nft.NFTA_CHAIN_POLICY, Nft.NF_ACCEPT)));
        }
        return out;
    }
}
