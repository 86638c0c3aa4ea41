package io.github.netnsjunit.netlink.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes the classic pcap format (not pcapng) with nanosecond timestamps: magic {@code 0xa1b23c4d}, version 2.4,
 * snaplen 262144. Fields are little-endian; readers recognise the order from the magic number.
 */
final class PcapWriter implements Closeable {
    static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    static final int SNAPLEN = 262144;
    /** Ethernet frames (veth, bridge, lo …). */
    static final int LINKTYPE_ETHERNET = 1;
    /** Linux "cooked" frames: a 16-byte pseudo-header instead of the link-layer header (tcpdump -i any). */
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int GLOBAL_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;

    private final OutputStream out;
    private final byte[] recordHeader = new byte[RECORD_HEADER_LENGTH];

    /** Writes the global header at once, so that even an empty capture is a valid file. */
    PcapWriter(OutputStream out, int linkType) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.out.write(globalHeader(linkType));
    }

    static byte[] globalHeader(int linkType) {
        return ByteBuffer.allocate(GLOBAL_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC_NANOSECONDS)
                .putShort((short) 2).putShort((short) 4)
                .putInt(0) // thiszone: timestamps are UTC
                .putInt(0) // sigfigs
                .putInt(SNAPLEN)
                .putInt(linkType)
                .array();
    }

    static void recordHeader(byte[] into, long epochNanos, int capturedLength, int originalLength) {
        ByteBuffer.wrap(into).order(ByteOrder.LITTLE_ENDIAN)
                .putInt((int) (epochNanos / 1_000_000_000L))
                .putInt((int) (epochNanos % 1_000_000_000L))
                .putInt(capturedLength)
                .putInt(originalLength);
    }

    /** Appends one packet: {@code capturedLength} bytes of {@code data} from {@code offset}. */
    void write(long epochNanos, byte[] data, int offset, int capturedLength, int originalLength) throws IOException {
        recordHeader(recordHeader, epochNanos, capturedLength, originalLength);
        out.write(recordHeader);
        out.write(data, offset, capturedLength);
    }

    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
