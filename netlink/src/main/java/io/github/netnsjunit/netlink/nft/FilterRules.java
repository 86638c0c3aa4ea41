package io.github.netnsjunit.netlink.nft;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Ready-made filter recipes for faults, as pure functions returning {@link NftBatch} content (nothing is sent): drop
 * packets to or from addresses (partitions), drop or reject packets to an address and port (blocks). As in
 * {@link NatRules}, addresses go into an {@code ip} table for IPv4 and an {@code ip6} table for IPv6 of the same
 * name, so that the table holds nothing else and deleting it undoes exactly this fault. Every rule counts what it
 * matched ({@code counter} before the verdict, as {@code nft add rule ... counter drop} writes it), so that a fault can
 * say what it hit ({@link TableCounters}).
 */
public final class FilterRules {
    /** Chain names the recipes use. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String FORWARD = "forward";

    private FilterRules() {
    }

    /**
     * Drops every packet this namespace sends to {@code outgoing} addresses (output hook) and every packet it receives
     * from {@code incoming} addresses (input hook): {@code ip daddr X drop} / {@code ip saddr X drop}.
     */
    public static NftBatch dropAddresses(String table, Collection<InetAddress> outgoing, Collection<InetAddress> incoming) {
        NftBatch b = new NftBatch();
        for (int family : new int[] {Nft.NFPROTO_IPV4, Nft.NFPROTO_IPV6}) {
            List<InetAddress> out = ofFamily(outgoing, family);
            List<InetAddress> in = ofFamily(incoming, family);
            if (out.isEmpty() && in.isEmpty()) {
                continue;
            }
            b.add(Table.of(family, table));
            if (!out.isEmpty()) {
                b.add(Chain.filter(family, table, OUTPUT, Nft.NF_INET_LOCAL_OUT, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
                for (InetAddress a : out) {
                    b.add(Rule.of(family, table, OUTPUT, destination(a), Cmp.eq(a.getAddress()), Counter.create(), Immediate.drop()));
                }
            }
            if (!in.isEmpty()) {
                b.add(Chain.filter(family, table, INPUT, Nft.NF_INET_LOCAL_IN, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
                for (InetAddress a : in) {
                    b.add(Rule.of(family, table, INPUT, source(a), Cmp.eq(a.getAddress()), Counter.create(), Immediate.drop()));
                }
            }
        }
        return b;
    }

    /**
     * A partition's rules in one namespace: drops every packet it receives from a {@code cut} address (input hook,
     * {@code ip saddr X drop}) and every packet it forwards from or to one (forward hook, {@code ip saddr X drop},
     * {@code ip daddr X drop}). The forward hook matters where this namespace routes: a forwarded packet never passes
     * input here, and source NAT on postrouting (priority 100, after the forward hook's filter priority 0) would hide
     * the original source from the next namespace; destination NAT (prerouting, -100) has already restored the
     * original destination of a reply when forward sees it.
     */
    public static NftBatch partition(String table, Collection<InetAddress> cut) {
        NftBatch b = new NftBatch();
        for (int family : new int[] {Nft.NFPROTO_IPV4, Nft.NFPROTO_IPV6}) {
            List<InetAddress> addresses = ofFamily(cut, family);
            if (addresses.isEmpty()) {
                continue;
            }
            b.add(Table.of(family, table));
            b.add(Chain.filter(family, table, INPUT, Nft.NF_INET_LOCAL_IN, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
            b.add(Chain.filter(family, table, FORWARD, Nft.NF_INET_FORWARD, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
            for (InetAddress a : addresses) {
                b.add(Rule.of(family, table, INPUT, source(a), Cmp.eq(a.getAddress()), Counter.create(), Immediate.drop()));
                b.add(Rule.of(family, table, FORWARD, source(a), Cmp.eq(a.getAddress()), Counter.create(), Immediate.drop()));
                b.add(Rule.of(family, table, FORWARD, destination(a), Cmp.eq(a.getAddress()), Counter.create(), Immediate.drop()));
            }
        }
        return b;
    }

    /**
     * One namespace's rules of a partition of any shape (Jepsen's "grudge": who no longer hears whom): drops every
     * packet it receives from an {@code unheard} address (input hook, {@code ip saddr X counter drop}), and every
     * packet it forwards from the source to the destination of a {@code forwardCut} pair ({@code ip saddr X ip daddr Y
     * counter drop}), so that a router between two namespaces that must not hear each other drops what they send
     * each other and nothing else. Pairs of different families are ignored.
     */
    public static NftBatch grudge(String table, Collection<InetAddress> unheard, List<InetAddress[]> forwardCuts) {
        NftBatch b = new NftBatch();
        for (int family : new int[] {Nft.NFPROTO_IPV4, Nft.NFPROTO_IPV6}) {
            List<InetAddress> in = ofFamily(unheard, family);
            List<InetAddress[]> cuts = forwardCuts.stream()
                    .filter(c -> Nft.familyOf(c[0]) == family && Nft.familyOf(c[1]) == family).toList();
            if (in.isEmpty() && cuts.isEmpty()) {
                continue;
            }
            b.add(Table.of(family, table));
            if (!in.isEmpty()) {
                b.add(Chain.filter(family, table, INPUT, Nft.NF_INET_LOCAL_IN, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
                for (InetAddress a : in) {
                    b.add(Rule.of(family, table, INPUT, source(a), Cmp.eq(a.getAddress()), Counter.create(),
                            Immediate.drop()));
                }
            }
            if (!cuts.isEmpty()) {
                b.add(Chain.filter(family, table, FORWARD, Nft.NF_INET_FORWARD, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
                for (InetAddress[] c : cuts) {
                    b.add(Rule.of(family, table, FORWARD, source(c[0]), Cmp.eq(c[0].getAddress()), destination(c[1]),
                            Cmp.eq(c[1].getAddress()), Counter.create(), Immediate.drop()));
                }
            }
        }
        return b;
    }

    /**
     * Drops ({@code reject = false}) or rejects what this namespace sends to {@code address}, on TCP and UDP port
     * {@code port}, or every packet when {@code port} is 0. Rejects answer TCP with a reset and everything else with
     * ICMP port unreachable.
     */
    public static NftBatch block(String table, InetAddress address, int port, boolean reject) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        int family = Nft.familyOf(address);
        NftBatch b = new NftBatch().add(Table.of(family, table))
                .add(Chain.filter(family, table, OUTPUT, Nft.NF_INET_LOCAL_OUT, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
        if (port == 0) {
            if (reject) {
                b.add(rule(family, table, address, TransportProtocol.TCP, 0, Reject.tcpReset()));
                b.add(new Rule(family, table, OUTPUT, List.of(destination(address), Cmp.eq(address.getAddress()),
                        Counter.create(), Reject.portUnreachable(family))));
            } else {
                b.add(new Rule(family, table, OUTPUT, List.of(destination(address), Cmp.eq(address.getAddress()),
                        Counter.create(), Immediate.drop())));
            }
            return b;
        }
        b.add(rule(family, table, address, TransportProtocol.TCP, port, reject ? Reject.tcpReset() : Immediate.drop()));
        b.add(rule(family, table, address, TransportProtocol.UDP, port,
                reject ? Reject.portUnreachable(family) : Immediate.drop()));
        return b;
    }

    private static Rule rule(int family, String table, InetAddress address, TransportProtocol protocol, int port,
            Expression verdict) {
        List<Expression> e = new ArrayList<>();
        e.add(destination(address));
        e.add(Cmp.eq(address.getAddress()));
        e.add(Meta.load(Nft.NFT_META_L4PROTO));
        e.add(Cmp.eq(new byte[] {(byte) protocol.number()}));
        if (port != 0) {
            e.add(Payload.thDport());
            e.add(Cmp.eq(NftData.be16(port)));
        }
        e.add(Counter.create());
        e.add(verdict);
        return new Rule(family, table, OUTPUT, e);
    }

    private static Payload destination(InetAddress a) {
        return Nft.familyOf(a) == Nft.NFPROTO_IPV4 ? Payload.ipDaddr() : Payload.ip6Daddr();
    }

    private static Payload source(InetAddress a) {
        return Nft.familyOf(a) == Nft.NFPROTO_IPV4 ? Payload.ipSaddr() : Payload.ip6Saddr();
    }

    private static List<InetAddress> ofFamily(Collection<InetAddress> addresses, int family) {
        return addresses.stream().filter(a -> Nft.familyOf(a) == family).distinct().toList();
    }
}
