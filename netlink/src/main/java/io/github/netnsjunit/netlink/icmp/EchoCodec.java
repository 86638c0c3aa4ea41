package io.github.netnsjunit.netlink.icmp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds echo requests: {@code u8 type | u8 code | be16 checksum | be16 id | be16 seq | 56 bytes data}, the data
 * being {@code be64 send time (System.nanoTime)}, {@code be64 cookie} and a fill pattern, as ping(8) sends 56
 * data bytes. The cookie is random per ping call: a reply whose id and sequence happen to match ours but that
 * echoes another sender's data is not counted.
 */
final class EchoCodec {
    static final int TYPE_ECHO_REQUEST_V4 = 8;
    static final int TYPE_ECHO_REPLY_V4 = 0;
    static final int TYPE_ECHO_REQUEST_V6 = 128;
    static final int TYPE_ECHO_REPLY_V6 = 129;
    static final int HEADER_LENGTH = 8;
    static final int DATA_LENGTH = 56;
    static final int FILL_OFFSET = 16;

    private EchoCodec() {
    }

    /**
     * An echo request. For IPv6 the checksum field is left 0: the kernel fills it for ICMPv6 raw sockets (it
     * needs the pseudo-header with the source address, which only the kernel knows).
     */
    static byte[] request(boolean ipv6, int identifier, int sequence, long sendNanos, long cookie) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + DATA_LENGTH).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) (ipv6 ? TYPE_ECHO_REQUEST_V6 : TYPE_ECHO_REQUEST_V4)).put((byte) 0).putShort((short) 0);
        b.putShort((short) identifier).putShort((short) sequence);
        b.putLong(sendNanos).putLong(cookie);
        for (int i = FILL_OFFSET; i < DATA_LENGTH; i++) {
            b.put((byte) i);
        }
        byte[] packet = b.array();
        if (!ipv6) {
            int sum = IcmpChecksum.compute(packet);
            packet[2] = (byte) (sum >>> 8);
            packet[3] = (byte) sum;
        }
        return packet;
    }
}
