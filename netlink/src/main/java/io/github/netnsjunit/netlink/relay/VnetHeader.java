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
