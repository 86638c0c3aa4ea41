package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * {@code payload} write: copies {@code len} bytes of a register into the packet at {@code offset} from a header base,
 * and fixes a checksum ({@code nft_payload_set_eval}). nft's {@code tcp flags set rst,ack} is {@code payload load 2b
 * @ transport header + 12}, a {@link Bitwise} keeping the data-offset byte and setting the flags byte, then
 * {@code payload write reg 1 => 2b @ transport header + 12 csum_type 1 csum_off 16}: the write spans two aligned
 * bytes because the kernel updates the checksum by the difference of 16-bit words, so a one-byte write at an odd
 * offset would fold the difference into the wrong half.
 *
 * @param sreg       the register holding the new bytes (network order)
 * @param base       {@link Nft#NFT_PAYLOAD_NETWORK_HEADER} or {@link Nft#NFT_PAYLOAD_TRANSPORT_HEADER}
 * @param offset     byte offset from the base
 * @param len        bytes written
 * @param csumType   {@link #CSUM_NONE} or {@link #CSUM_INET}
 * @param csumOffset where the checksum to fix is, from the same base (16 for TCP's)
 */
public record PayloadWrite(int sreg, int base, int offset, int len, int csumType, int csumOffset)
        implements Expression {
    /** {@code NFTA_PAYLOAD_SREG} … {@code NFTA_PAYLOAD_CSUM_OFFSET}. */
    public static final int NFTA_PAYLOAD_SREG = 5;
    public static final int NFTA_PAYLOAD_CSUM_TYPE = 6;
    public static final int NFTA_PAYLOAD_CSUM_OFFSET = 7;
    /** {@code NFT_PAYLOAD_CSUM_NONE}, {@code NFT_PAYLOAD_CSUM_INET}: no checksum, or the internet checksum. */
    public static final int CSUM_NONE = 0;
    public static final int CSUM_INET = 1;
    /** Offset of the checksum in a TCP header. */
    public static final int TCP_CSUM_OFFSET = 16;

    /** Writes register 1 into the TCP header at {@code offset}, {@code len} bytes, fixing the TCP checksum. */
    public static PayloadWrite tcpHeader(int offset, int len) {
        return new PayloadWrite(Nft.NFT_REG_1, Nft.NFT_PAYLOAD_TRANSPORT_HEADER, offset, len, CSUM_INET,
                TCP_CSUM_OFFSET);
    }

    /** Decodes a payload expression that carries a source register (a load carries a destination one). */
    static PayloadWrite decode(Attributes a) {
        return new PayloadWrite(a.u32be(NFTA_PAYLOAD_SREG, 0), a.u32be(Nft.NFTA_PAYLOAD_BASE, 0),
                a.u32be(Nft.NFTA_PAYLOAD_OFFSET, 0), a.u32be(Nft.NFTA_PAYLOAD_LEN, 0),
                a.u32be(NFTA_PAYLOAD_CSUM_TYPE, CSUM_NONE), a.u32be(NFTA_PAYLOAD_CSUM_OFFSET, 0));
    }

    @Override
    public String name() {
        return "payload";
    }

    @Override
    public void writeData(MessageWriter w) {
        w.attrU32be(NFTA_PAYLOAD_SREG, sreg);
        w.attrU32be(Nft.NFTA_PAYLOAD_BASE, base);
        w.attrU32be(Nft.NFTA_PAYLOAD_OFFSET, offset);
        w.attrU32be(Nft.NFTA_PAYLOAD_LEN, len);
        w.attrU32be(NFTA_PAYLOAD_CSUM_TYPE, csumType);
        w.attrU32be(NFTA_PAYLOAD_CSUM_OFFSET, csumOffset);
    }

    @Override
    public String toString() {
        return "payload write reg " + sreg + " => " + len + "b @ " + new Payload(base, offset, len, 0).baseName()
                + " header + " + offset + " csum_type " + csumType + " csum_off " + csumOffset;
    }
}
