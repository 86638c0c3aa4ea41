package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code payload} load: copies {@code len} packet bytes at {@code offset} from a header base into a register.
 *
 * @param base   {@link Nft#NFT_PAYLOAD_LL_HEADER}, {@link Nft#NFT_PAYLOAD_NETWORK_HEADER} or
 *               {@link Nft#NFT_PAYLOAD_TRANSPORT_HEADER}
 * @param offset byte offset from the base
 * @param len    number of bytes
 * @param dreg   destination register
 */
public record Payload(int base, int offset, int len, int dreg) implements Expression {

    /** Loads into {@link Nft#NFT_REG_1}. */
    public static Payload load(int base, int offset, int len) {
        return new Payload(base, offset, len, Nft.NFT_REG_1);
    }

    /** IPv4 source address (network header + 12, 4 bytes). */
    public static Payload ipSaddr() {
        return load(Nft.NFT_PAYLOAD_NETWORK_HEADER, 12, 4);
    }

    /** IPv4 destination address (network header + 16, 4 bytes). */
    public static Payload ipDaddr() {
        return load(Nft.NFT_PAYLOAD_NETWORK_HEADER, 16, 4);
    }

    /** IPv6 source address (network header + 8, 16 bytes). */
    public static Payload ip6Saddr() {
        return load(Nft.NFT_PAYLOAD_NETWORK_HEADER, 8, 16);
    }

    /** IPv6 destination address (network header + 24, 16 bytes). */
    public static Payload ip6Daddr() {
        return load(Nft.NFT_PAYLOAD_NETWORK_HEADER, 24, 16);
    }

    /** Transport destination port, TCP or UDP ({@code th dport}: transport header + 2, 2 bytes). */
    public static Payload thDport() {
        return load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 2, 2);
    }

    /** Decodes the expression data sent back by the kernel. */
    static Payload decode(Attributes a) {
        return new Payload(a.u32be(Nft.NFTA_PAYLOAD_BASE, 0), a.u32be(Nft.NFTA_PAYLOAD_OFFSET, 0),
                a.u32be(Nft.NFTA_PAYLOAD_LEN, 0), a.u32be(Nft.NFTA_PAYLOAD_DREG, 0));
    }

    @Override
    public String name() {
        return "payload";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(Nft.NFTA_PAYLOAD_DREG, dreg);
        w.attrU32be(Nft.NFTA_PAYLOAD_BASE, base);
        w.attrU32be(Nft.NFTA_PAYLOAD_OFFSET, offset);
        w.attrU32be(Nft.NFTA_PAYLOAD_LEN, len);
    }

    /** {@code link}, {@code network} or {@code transport}. */
    String baseName() {
        return switch (base) {
            case Nft.NFT_PAYLOAD_LL_HEADER -> "link";
            case Nft.NFT_PAYLOAD_NETWORK_HEADER -> "network";
            case Nft.NFT_PAYLOAD_TRANSPORT_HEADER -> "transport";
            default -> "base" + base;
        };
    }

    @Override
    public String toString() {
        return "payload load " + len + "b @ " + baseName() + " header + " + offset + " => reg " + dreg;
    }
}
