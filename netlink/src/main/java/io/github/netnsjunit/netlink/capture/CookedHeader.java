package io.github.netnsjunit.netlink.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 16-byte LINUX_SLL pseudo-header, built from the {@code sockaddr_ll} that recvfrom(2) fills on a cooked
 * (SOCK_DGRAM) packet socket: packet type, ARPHRD type, link-layer address length and address, protocol.
 */
final class CookedHeader {
    static final int LENGTH = 16;

    private CookedHeader() {
    }

    /** Writes the header for the frame described by {@code sockaddrLl} at the start of {@code into}. */
    static int write(byte[] into, byte[] sockaddrLl) {
        ByteBuffer ll = ByteBuffer.wrap(sockaddrLl).order(ByteOrder.nativeOrder());
        int hatype = ll.getShort(8) & 0xFFFF;
        int pkttype = sockaddrLl[10] & 0xFF;
        int halen = Math.min(sockaddrLl[11] & 0xFF, 8);
        ByteBuffer out = ByteBuffer.wrap(into, 0, LENGTH).order(ByteOrder.BIG_ENDIAN);
        out.putShort((short) pkttype).putShort((short) hatype).putShort((short) halen);
        out.put(sockaddrLl, 12, halen).put(new byte[8 - halen]);
        out.put(sockaddrLl[2]).put(sockaddrLl[3]); // sll_protocol is already in network order
        return LENGTH;
    }
}
