package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.netlink.nft.Nft;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Internal: how a path MTU black hole is said in one IP family. IPv4 has the DF bit and ICMP "fragmentation needed"
 * (type 3 code 4, RFC 1191); IPv6 routers never fragment and answer a packet too big for the next link with ICMPv6
 * "packet too big" (type 2, RFC 8201) — the same story, other words, and our rule in an {@code ip6} table.
 *
 * @param message           the ICMP message's name, quoted in sentences
 * @param named             the message with its protocol
 * @param typeCode          its type (and code), what a firewall must pass
 * @param nftFamily         the nftables family of our dropping table
 * @param nftFamilyName     that family as nft prints it
 * @param ourRule           the rule of our table as nft prints it (without the counter)
 * @param unfragmented      how the large echo is sent, after "echo request"
 * @param unfragmentedShort the same in the path's MTU account
 * @param asTcpSends        how TCP sends its segments, in the black hole's sentence
 */
record IcmpWords(String message, String named, String typeCode, int nftFamily, String nftFamilyName, String ourRule,
        String unfragmented, String unfragmentedShort, String asTcpSends) {
    static final IcmpWords V4 = new IcmpWords("fragmentation needed", "ICMP 'fragmentation needed'",
            "ICMP type 3 code 4", Nft.NFPROTO_IPV4, "ip",
            "icmp type destination-unreachable icmp code frag-needed drop",
            "with DF", "DF", "DF set as TCP sends them");
    static final IcmpWords V6 = new IcmpWords("packet too big", "ICMPv6 'packet too big'", "ICMPv6 type 2",
            Nft.NFPROTO_IPV6, "ip6", "icmpv6 type packet-too-big drop", "sent unfragmented", "unfragmented",
            "never fragmented on the way, as IPv6 routers never fragment");

    /** The words of {@code target}'s family. */
    static IcmpWords of(InetAddress target) {
        return target instanceof Inet4Address ? V4 : V6;
    }
}
