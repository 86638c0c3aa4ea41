package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One NFT_MSG_TRACE event: a packet carrying the nftrace bit met a rule, the end of a chain (its policy) or a
 * return, and the kernel says which, with the verdict. {@code nft monitor trace} prints the same events, e.g.
 * {@code trace id 1f2e3d4c ip filter forward rule ip daddr 10.0.0.2 drop (verdict drop)} or
 * {@code ... policy drop}.
 *
 * @param id            the kernel's trace id: the same for every event of one packet
 * @param family        NFPROTO_* family of the table
 * @param table         table name
 * @param chain         chain name
 * @param type          {@link Nft#NFT_TRACETYPE_RULE}, {@link Nft#NFT_TRACETYPE_POLICY} or {@link Nft#NFT_TRACETYPE_RETURN}
 * @param ruleHandle    the rule's handle, or 0 for a policy event
 * @param verdict       NF_DROP, NF_ACCEPT, NFT_CONTINUE, NFT_JUMP …; for a policy event, the policy
 * @param jumpTarget    the chain jumped to, or null
 * @param iif           input interface index, or 0
 * @param oif           output interface index, or 0
 * @param networkHeader the packet's network header (as far as the kernel copied it), or an empty array
 * @param mark          the packet's mark (skb->mark; the kernel sends NFTA_TRACE_MARK only when it is not 0), or 0
 */
public record TraceEvent(long id, int family, String table, String chain, int type, long ruleHandle, int verdict,
        String jumpTarget, int iif, int oif, byte[] networkHeader, int mark) {

    /** Decodes an NFT_MSG_TRACE notification; empty for any other message. */
    public static Optional<TraceEvent> parse(NetlinkMessage m) {
        if (m.type() != Nft.messageType(Nft.NFT_MSG_TRACE)) {
            return Optional.empty();
        }
        ByteBuffer p = m.payload();
        int family = p.get(0) & 0xFF;
        Attributes a = m.attributes(Nft.NFGENMSG_LEN);
        int type = a.u32be(Nft.NFTA_TRACE_TYPE, 0);
        int verdict = Integer.MIN_VALUE;
        String jump = null;
        if (a.has(Nft.NFTA_TRACE_VERDICT)) {
            Attributes v = a.nested(Nft.NFTA_TRACE_VERDICT);
            verdict = v.u32be(Nft.NFTA_VERDICT_CODE, Integer.MIN_VALUE);
            jump = v.string(Nft.NFTA_VERDICT_CHAIN);
        } else if (a.has(Nft.NFTA_TRACE_POLICY)) {
            verdict = a.u32be(Nft.NFTA_TRACE_POLICY, Integer.MIN_VALUE);
        }
        if (type == Nft.NFT_TRACETYPE_POLICY && a.has(Nft.NFTA_TRACE_POLICY)) {
            verdict = a.u32be(Nft.NFTA_TRACE_POLICY, verdict);
        }
        byte[] nh = a.bytes(Nft.NFTA_TRACE_NETWORK_HEADER);
        return Optional.of(new TraceEvent(a.u32be(Nft.NFTA_TRACE_ID, 0) & 0xFFFFFFFFL, family,
                a.string(Nft.NFTA_TRACE_TABLE), a.string(Nft.NFTA_TRACE_CHAIN), type,
                a.u64be(Nft.NFTA_TRACE_RULE_HANDLE, 0), verdict, jump, a.u32be(Nft.NFTA_TRACE_IIF, 0),
                a.u32be(Nft.NFTA_TRACE_OIF, 0), nh == null ? new byte[0] : nh,
                a.u32be(Nft.NFTA_TRACE_MARK, 0)));
    }

    /** True when this event dropped the packet (a drop rule, or a chain's drop policy). */
    public boolean isDrop() {
        return verdict == Nft.NF_DROP && (type == Nft.NFT_TRACETYPE_RULE || type == Nft.NFT_TRACETYPE_POLICY);
    }

    /** True for the end of a chain: its policy decided. */
    public boolean isPolicy() {
        return type == Nft.NFT_TRACETYPE_POLICY;
    }

    /** The verdict's nft keyword: {@code drop}, {@code accept}, {@code continue}, {@code jump X} … */
    public String verdictName() {
        return switch (verdict) {
            case Nft.NF_DROP -> "drop";
            case Nft.NF_ACCEPT -> "accept";
            case Nft.NFT_CONTINUE -> "continue";
            case Nft.NFT_JUMP -> "jump " + jumpTarget;
            case Nft.NFT_RETURN -> "return";
            case -4 -> "goto " + jumpTarget;
            case -2 -> "break";
            default -> "verdict " + verdict;
        };
    }

    /** Like {@code nft monitor trace}: {@code ip filter forward rule handle 3 (verdict drop)}. */
    @Override
    public String toString() {
        String where = Nft.familyName(family) + " " + table + " " + chain;
        return switch (type) {
            case Nft.NFT_TRACETYPE_POLICY -> where + " policy " + verdictName();
            case Nft.NFT_TRACETYPE_RETURN -> where + " return";
            default -> where + " rule handle " + ruleHandle + " (verdict " + verdictName() + ")";
        };
    }
}
