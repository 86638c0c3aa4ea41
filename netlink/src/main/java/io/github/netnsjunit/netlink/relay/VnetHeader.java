package io.github.netnsjunit.netlink.relay;

import java.nio.ByteBuffer;

/**
 * {@code struct virtio_net_hdr} (10 bytes, little-endian as packet sockets write it on x86-64 and arm64):
 * {@code u8 flags, u8 gso_type, u16 hdr_len, u16 gso_size, u16 csum_start, u16 csum_offset}, in front of every frame
 * of a {@link PacketPort}.
 */
final class VnetHeader {
    static final int LENGTH = 10;
    static final int F_NEEDS_CSUM = 1;
    static final int GSO_NONE = 0;

    private VnetHeader() {
    }

    static final int GSO_TCPV4 = 1;
    static final int GSO_TCPV6 = 4;
    static final int GSO_UDP_L4 = 5;

    /**
     * The bytes {@code frame} takes on the wire, as the kernel's qdiscs count them ({@code qdisc_pkt_len_init} in
     * {@code net/core/dev.c}): the Ethernet frame, and for a GSO super-frame the headers once per segment it will be
     * cut into ({@code gso_segs = ceil(payload / gso_size)}), since each segment leaves with its own Ethernet, IP and
     * TCP or UDP header. Header length: {@code csum_start} (from the Ethernet header to the transport header) plus
     * the TCP header's data offset, or 8 for UDP.
     */
    static long wireBytes(ByteBuffer frame, int length) {
        int ethernet = length - LENGTH;
        int type = frame.get(1) & 0x7f;
        int gsoSize = frame.getShort(4) & 0xffff;
        int l4 = frame.getShort(6) & 0xffff;
        if (type == GSO_NONE || gsoSize == 0 || (frame.get(0) & F_NEEDS_CSUM) == 0) {
            return ethernet;
        }
        int headers;
        if (type == GSO_TCPV4 || type == GSO_TCPV6) {
            if (LENGTH + l4 + 12 >= length) {
                return ethernet;
            }
            headers = l4 + ((frame.get(LENGTH + l4 + 12) & 0xf0) >>> 2);
        } else if (type == GSO_UDP_L4) {
            headers = l4 + 8;
        } else {
            return ethernet;
        }
        int payload = ethernet - headers;
        if (payload <= gsoSize) {
            return ethernet;
        }
        long segments = (payload + gsoSize - 1) / gsoSize;
        return payload + segments * headers;
    }

    static boolean isGso(ByteBuffer frame) {
        return (frame.get(1) & 0x7f) != GSO_NONE;
    }

    /**
     * Completes a partial checksum in software and clears NEEDS_CSUM, as {@code skb_checksum_help} does before netem
     * corrupts a packet: otherwise the kernel would checksum the corrupted bytes on the way out and hide the damage.
     * The 16-bit ones' complement sum covers the frame from {@code csum_start} on, the pseudo-header being already
     * folded into the checksum field by the sender.
     */
    static void finishChecksum(ByteBuffer frame, int length) {
        if ((frame.get(0) & F_NEEDS_CSUM) == 0) {
            return;
        }
        int start = LENGTH + (frame.getShort(6) & 0xffff);
        int at = start + (frame.getShort(8) & 0xffff);
        if (at + 2 > length) {
            return;
        }
        long sum = 0;
        for (int i = start; i + 1 < length; i += 2) {
            sum += ((frame.get(i) & 0xff) << 8) | (frame.get(i + 1) & 0xff);
        }
        if (((length - start) & 1) != 0) {
            sum += (frame.get(length - 1) & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int check = (int) (~sum & 0xffff);
        frame.put(at, (byte) (check >>> 8)).put(at + 1, (byte) check);
        frame.put(0, (byte) (frame.get(0) & ~F_NEEDS_CSUM));
    }
}
