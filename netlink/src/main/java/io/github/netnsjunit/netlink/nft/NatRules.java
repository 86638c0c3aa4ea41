package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ready-made NAT and forwarding recipes, as pure functions returning {@link NftBatch} content (nothing is sent).
 *
 * <p>Family choice: address-based recipes create an {@code ip} table for IPv4 and an {@code ip6} table for IPv6
 * (the family follows the address given), not one {@code inet} table. In a single-family table the network
 * header is unambiguous, so {@code ip saddr} needs no {@code meta nfproto} guard, rules decompile to the plain
 * text users know, and NAT works on kernels older than 5.2 (which lack NAT in inet tables). The interface-only
 * {@link #forwardAccept} uses one {@code inet} table, since it must cover both families and has no address.
 *
 * <p>Recipes create the table and chains without NLM_F_EXCL, so several recipes may share one table name.
 * Use {@link NftBatch#owned()} to make the tables vanish with the socket.
 */
public final class NatRules {
    /** Chain names the recipes use. */
    public static final String POSTROUTING = "postrouting";
    public static final String PREROUTING = "prerouting";
    public static final String OUTPUT = "output";
    public static final String FORWARD = "forward";

    private NatRules() {
    }

    /**
     * Source NAT of {@code source} to the outgoing interface's address: a nat chain on postrouting (priority 100,
     * srcnat) with {@code ip saddr SOURCE [oifname "OUT"] [ip daddr != SOURCE] masquerade}.
     *
     * @param outInterface   only masquerade leaving through this interface; {@code ""} = any
     * @param keepSameSubnet skip packets addressed to {@code source} itself, so that traffic staying on the bridge
     *                       (bridged IPv4 crosses the ip hooks through br_netfilter) keeps its source address
     */
    public static NftBatch masquerade(String tableName, IpPrefix source, String outInterface, boolean keepSameSubnet) {
        int family = Nft.familyOf(source.address());
        return new NftBatch()
                .add(Table.of(family, tableName))
                .add(Chain.nat(family, tableName, POSTROUTING, Nft.NF_INET_POST_ROUTING, Nft.PRIORITY_SRCNAT))
                .add(masqueradeRule(tableName, source, outInterface, keepSameSubnet));
    }

    /** The rule of {@link #masquerade}, for chain {@value #POSTROUTING}. */
    public static Rule masqueradeRule(String tableName, IpPrefix source, String outInterface, boolean keepSameSubnet) {
        Objects.requireNonNull(outInterface, "outInterface (use \"\" for any)");
        int family = Nft.familyOf(source.address());
        boolean v4 = family == Nft.NFPROTO_IPV4;
        List<Expression> e = new ArrayList<>();
        e.addAll(prefixMatch(v4 ? Payload.ipSaddr() : Payload.ip6Saddr(), source, Nft.NFT_CMP_EQ));
        if (!outInterface.isEmpty()) {
            e.add(Meta.load(Nft.NFT_META_OIFNAME));
            e.add(Cmp.eq(NftData.ifname(outInterface)));
        }
        if (keepSameSubnet) {
            e.addAll(prefixMatch(v4 ? Payload.ipDaddr() : Payload.ip6Daddr(), source, Nft.NFT_CMP_NEQ));
        }
        e.add(Masq.masquerade());
        return new Rule(family, tableName, POSTROUTING, e);
    }

    /**
     * Lets forwarded traffic in and out of {@code iface} pass, whatever other rules of lower priority say: an inet
     * filter chain on forward (priority 0, policy accept) with {@code iifname X accept} and
     * {@code oifname X ct state established,related accept}.
     */
    public static NftBatch forwardAccept(String tableName, String iface) {
        int f = Nft.NFPROTO_INET;
        byte[] name = NftData.ifname(iface);
        return new NftBatch()
                .add(Table.of(f, tableName))
                .add(Chain.filter(f, tableName, FORWARD, Nft.NF_INET_FORWARD, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT))
                .add(Rule.of(f, tableName, FORWARD, Meta.load(Nft.NFT_META_IIFNAME), Cmp.eq(name), Immediate.accept()))
                .add(Rule.of(f, tableName, FORWARD, Meta.load(Nft.NFT_META_OIFNAME), Cmp.eq(name), Ct.state(),
                        Bitwise.mask(NftData.hostU32(Nft.CT_STATE_ESTABLISHED | Nft.CT_STATE_RELATED)),
                        Cmp.neq(new byte[4]), Immediate.accept()));
    }

    /**
     * Port forwarding: {@code [iifname IN] meta l4proto P th dport PORT dnat to ADDR:PORT} in a nat chain on
     * prerouting (priority -100, dstnat), and the same in a nat chain on output so that connections made from
     * this namespace itself to one of its own addresses are forwarded too. The output rule matches
     * {@code oifname "lo"} instead of the inbound interface: locally generated packets have no input interface,
     * and a packet to a local address is routed via {@code lo}, so the rule does not hijack the namespace's own
     * outgoing connections to other hosts on that port.
     *
     * @param to          target address and port (port 0 keeps the original port); its family picks ip or ip6
     * @param inInterface only for packets arriving on this interface; {@code ""} = any
     */
    public static NftBatch dnat(String tableName, TransportProtocol protocol, int port, InetSocketAddress to,
            String inInterface) {
        int family = Nft.familyOf(address(to));
        return new NftBatch()
                .add(Table.of(family, tableName))
                .add(Chain.nat(family, tableName, PREROUTING, Nft.NF_INET_PRE_ROUTING, Nft.PRIORITY_DSTNAT))
                .add(Chain.nat(family, tableName, OUTPUT, Nft.NF_INET_LOCAL_OUT, Nft.PRIORITY_DSTNAT))
                .add(dnatRule(tableName, PREROUTING, protocol, port, to, inInterface))
                .add(dnatRule(tableName, OUTPUT, protocol, port, to, ""));
    }

    /**
     * One dnat rule for {@code chain}; in chain {@value #OUTPUT} it matches {@code oifname "lo"} (see
     * {@link #dnat}), elsewhere {@code iifname inInterface} when given.
     */
    public static Rule dnatRule(String tableName, String chain, TransportProtocol protocol, int port,
            InetSocketAddress to, String inInterface) {
        Objects.requireNonNull(inInterface, "inInterface (use \"\" for any)");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        InetAddress target = address(to);
        int family = Nft.familyOf(target);
        List<Expression> e = new ArrayList<>();
        if (chain.equals(OUTPUT)) {
            e.add(Meta.load(Nft.NFT_META_OIFNAME));
            e.add(Cmp.eq(NftData.ifname("lo")));
        } else if (!inInterface.isEmpty()) {
            e.add(Meta.load(Nft.NFT_META_IIFNAME));
            e.add(Cmp.eq(NftData.ifname(inInterface)));
        }
        e.add(Meta.load(Nft.NFT_META_L4PROTO));
        e.add(Cmp.eq(new byte[] {(byte) protocol.number()}));
        e.add(Payload.thDport());
        e.add(Cmp.eq(NftData.be16(port)));
        e.add(Immediate.value(Nft.NFT_REG_1, target.getAddress()));
        boolean withPort = to.getPort() != 0;
        if (withPort) {
            e.add(Immediate.value(Nft.NFT_REG_2, NftData.be16(to.getPort())));
        }
        e.add(Nat.dnat(family, withPort));
        return new Rule(family, tableName, chain, e);
    }

    /** {@code payload · [bitwise] · cmp}: the §5.3 form (full-width load, mask unless a host prefix). */
    static List<Expression> prefixMatch(Payload load, IpPrefix prefix, int op) {
        List<Expression> e = new ArrayList<>();
        e.add(load);
        int bits = prefix.isIpv4() ? 32 : 128;
        if (prefix.length() < bits) {
            e.add(Bitwise.mask(prefix.maskBytes()));
        }
        e.add(new Cmp(Nft.NFT_REG_1, op, prefix.network().address().getAddress()));
        return e;
    }

    private static InetAddress address(InetSocketAddress to) {
        if (to.isUnresolved() || to.getAddress() == null) {
            throw new IllegalArgumentException("dnat target must be a numeric address, not " + to);
        }
        return to.getAddress();
    }
}
