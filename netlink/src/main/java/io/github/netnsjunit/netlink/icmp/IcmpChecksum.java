package io.github.netnsjunit.netlink.icmp;

/**
 * The Internet checksum of RFC 1071: the ones' complement of the ones' complement sum of 16-bit big-endian
 * words. A raw IPv4 ICMP socket sends exactly the bytes it is given, so the checksum is ours to compute; a
 * request with a wrong (or zero) checksum is dropped silently by the target.
 */
final class IcmpChecksum {
    private IcmpChecksum() {
    }

    /** The checksum of {@code length} bytes from {@code offset}; an odd last byte is padded with a zero byte. */
    static int compute(byte[] data, int offset, int length) {
        long sum = 0;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (i < end) {
            sum += (data[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** The checksum of the whole array. */
    static int compute(byte[] data) {
        return compute(data, 0, data.length);
    }
}
