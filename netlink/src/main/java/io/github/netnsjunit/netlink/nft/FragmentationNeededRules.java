package io.github.netnsjunit.netlink.nft;

import java.util.List;

/**
 * The firewall of a path MTU black hole: a table that drops ICMP "fragmentation needed" (destination unreachable,
 * type 3 code 4; RFC 1191), the only message that tells a sender its packets are too big for a link on the way.
 * {@code nft add rule ip T output icmp type destination-unreachable icmp code frag-needed counter drop}, and the same
 * in {@code forward}: the router's own message leaves through {@code output} (the kernel's {@code icmp_send} from
 * {@code ip_forward} is a local packet), one from a router further on is forwarded. The counters say how many were
 * dropped.
 */
public final class FragmentationNeededRules {
    /** The name of netns-junit's tables of these rules start so (then a number): a path trace finds them by it. */
    public static final String TABLE_PREFIX = "netns_junit_fragdrop";
    /** ICMP destination unreachable. */
    public static final int ICMP_DEST_UNREACH = 3;
    /** Its code "fragmentation needed and DF set". */
    public static final int ICMP_FRAG_NEEDED = 4;

    private FragmentationNeededRules() {
    }

    /** The table {@code table} (family ip) with the two chains and their drop rules. */
    public static NftBatch drop(String table) {
        int family = Nft.NFPROTO_IPV4;
        NftBatch b = new NftBatch().add(Table.of(family, table));
        b.add(Chain.filter(family, table, FilterRules.OUTPUT, Nft.NF_INET_LOCAL_OUT, Nft.PRIORITY_FILTER,
                Nft.NF_ACCEPT));
        b.add(Chain.filter(family, table, FilterRules.FORWARD, Nft.NF_INET_FORWARD, Nft.PRIORITY_FILTER,
                Nft.NF_ACCEPT));
        b.add(rule(family, table, FilterRules.OUTPUT));
        b.add(rule(family, table, FilterRules.FORWARD));
        return b;
    }

    /** How many packets the rules of {@code table} dropped so far (the sum of their counters). */
    public static long dropped(Nftables nft, String table) {
        long n = 0;
        for (Rule r : nft.ruleList(Nft.NFPROTO_IPV4, table)) {
            for (Expression e : r.expressions()) {
                if (e instanceof Counter c) {
                    n += c.packets();
                }
            }
        }
        return n;
    }

    private static Rule rule(int family, String table, String chain) {
        // meta l4proto icmp, then type and code as two compares (nft prints them as icmp type/icmp code)
        return new Rule(family, table, chain, List.of(
                Meta.load(Nft.NFT_META_L4PROTO), Cmp.eq(new byte[] {1}),
                Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1), Cmp.eq(new byte[] {ICMP_DEST_UNREACH}),
                Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 1, 1), Cmp.eq(new byte[] {ICMP_FRAG_NEEDED}),
                Counter.create(), Immediate.drop()));
    }
}
