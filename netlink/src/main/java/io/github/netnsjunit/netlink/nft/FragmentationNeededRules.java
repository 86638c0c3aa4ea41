package io.github.netnsjunit.netlink.nft;

import java.util.List;

/**
 * The firewall of a path MTU black hole: a table that drops ICMP "fragmentation needed" (destination unreachable,
 * type 3 code 4; RFC 1191), the only message that tells a sender its packets are too big for a link on the way.
 * {@code nft add rule ip T output icmp type destination-unreachable icmp code frag-needed counter drop}, and the same
 * in {@code forward}: the router's own message leaves through {@code output} (the kernel's {@code icmp_send} from
 * {@code ip_forward} is a local packet), one from a router further on is forwarded. IPv6 routers never fragment and
 * send ICMPv6 "packet too big" (type 2, RFC 8201) instead: a table of the same name in family ip6 drops it
 * ({@code icmpv6 type packet-too-big counter drop}, same chains: {@code icmp6_send} from {@code ip6_forward} is local
 * too). The counters say how many were dropped.
 */
public final class FragmentationNeededRules {
    /** The name of netns-junit's tables of these rules start so (then a number): a path trace finds them by it. */
    public static final String TABLE_PREFIX = "netns_junit_fragdrop";
    /** ICMP destination unreachable. */
    public static final int ICMP_DEST_UNREACH = 3;
    /** Its code "fragmentation needed and DF set". */
    public static final int ICMP_FRAG_NEEDED = 4;
    /** ICMPv6 packet too big. */
    public static final int ICMPV6_PACKET_TOO_BIG = 2;
    private static final byte IPPROTO_ICMP = 1;
    private static final byte IPPROTO_ICMPV6 = 58;

    private FragmentationNeededRules() {
    }

    /** The tables {@code table} (families ip and ip6) with the two chains each and their drop rules. */
    public static NftBatch drop(String table) {
        NftBatch b = new NftBatch();
        for (int family : new int[] {Nft.NFPROTO_IPV4, Nft.NFPROTO_IPV6}) {
            b.add(Table.of(family, table));
            b.add(Chain.filter(family, table, FilterRules.OUTPUT, Nft.NF_INET_LOCAL_OUT, Nft.PRIORITY_FILTER,
                    Nft.NF_ACCEPT));
            b.add(Chain.filter(family, table, FilterRules.FORWARD, Nft.NF_INET_FORWARD, Nft.PRIORITY_FILTER,
                    Nft.NF_ACCEPT));
            b.add(rule(family, table, FilterRules.OUTPUT));
            b.add(rule(family, table, FilterRules.FORWARD));
        }
        return b;
    }

    /** How many "fragmentation needed" the rules of {@code table} (family ip) dropped so far. */
    public static long dropped(Nftables nft, String table) {
        return dropped(nft, Nft.NFPROTO_IPV4, table);
    }

    /**
     * How many packets the rules of {@code table} in {@code family} ({@link Nft#NFPROTO_IPV4}: "fragmentation
     * needed", {@link Nft#NFPROTO_IPV6}: "packet too big") dropped so far (the sum of their counters).
     */
    public static long dropped(Nftables nft, int family, String table) {
        long n = 0;
        for (Rule r : nft.ruleList(family, table)) {
            for (Expression e : r.expressions()) {
                if (e instanceof Counter c) {
                    n += c.packets();
                }
            }
        }
        return n;
    }

    private static Rule rule(int family, String table, String chain) {
        if (family == Nft.NFPROTO_IPV6) {
            // meta l4proto ipv6-icmp, then the type (nft prints it as icmpv6 type packet-too-big)
            return new Rule(family, table, chain, List.of(
                    Meta.load(Nft.NFT_META_L4PROTO), Cmp.eq(new byte[] {IPPROTO_ICMPV6}),
                    Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1), Cmp.eq(new byte[] {ICMPV6_PACKET_TOO_BIG}),
                    Counter.create(), Immediate.drop()));
        }
        // meta l4proto icmp, then type and code as two compares (nft prints them as icmp type/icmp code)
        return new Rule(family, table, chain, List.of(
                Meta.load(Nft.NFT_META_L4PROTO), Cmp.eq(new byte[] {IPPROTO_ICMP}),
                Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1), Cmp.eq(new byte[] {ICMP_DEST_UNREACH}),
                Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 1, 1), Cmp.eq(new byte[] {ICMP_FRAG_NEEDED}),
                Counter.create(), Immediate.drop()));
    }
}
