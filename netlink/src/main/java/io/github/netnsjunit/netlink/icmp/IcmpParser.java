package io.github.netnsjunit.netlink.icmp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Decodes what a raw ICMP socket receives into {@link IcmpMessage}s, or null for anything that is neither an
 * echo reply nor an error quoting an echo request (raw sockets see every ICMP packet of the namespace).
 *
 * <p>IPv4 raw sockets deliver the IP header too; its length comes from IHL, never a fixed 20 (options). IPv6 raw
 * sockets deliver only the ICMPv6 message, the sender comes from the socket address.
 */
final class IcmpParser {
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_ICMPV6 = 58;

    private IcmpParser() {
    }

    /** Parses an IPv4 datagram (IP header + ICMP) of {@code length} bytes. */
    static IcmpMessage parseV4(byte[] datagram, int length) {
        int ihl = ipv4HeaderLength(datagram, 0, length);
        if (ihl < 0 || (datagram[9] & 0xFF) != PROTO_ICMP || length < ihl + EchoCodec.HEADER_LENGTH) {
            return null;
        }
        InetAddress from = address(datagram, 12, 4);
        int type = datagram[ihl] & 0xFF;
        int code = datagram[ihl + 1] & 0xFF;
        if (type == EchoCodec.TYPE_ECHO_REPLY_V4) {
            return echo(from, true, type, code, datagram, ihl, length);
        }
        if (type != 3 && type != 11 && type != 12) {
            return null;
        }
        int inner = ihl + EchoCodec.HEADER_LENGTH;
        int innerIhl = ipv4HeaderLength(datagram, inner, length);
        if (innerIhl < 0 || (datagram[inner + 9] & 0xFF) != PROTO_ICMP) {
            return null;
        }
        int quoted = inner + innerIhl;
        if (length < quoted + EchoCodec.HEADER_LENGTH || (datagram[quoted] & 0xFF) != EchoCodec.TYPE_ECHO_REQUEST_V4) {
            return null;
        }
        return echo(from, false, type, code, datagram, quoted, length);
    }

    /** Parses an ICMPv6 message of {@code length} bytes received from {@code from}. */
    static IcmpMessage parseV6(byte[] icmp, int length, InetAddress from) {
        if (length < EchoCodec.HEADER_LENGTH) {
            return null;
        }
        int type = icmp[0] & 0xFF;
        int code = icmp[1] & 0xFF;
        if (type == EchoCodec.TYPE_ECHO_REPLY_V6) {
            return echo(from, true, type, code, icmp, 0, length);
        }
        if (type < 1 || type > 4) {
            return null;
        }
        int inner = EchoCodec.HEADER_LENGTH;
        // extension headers in the quoted packet are not followed: our requests carry none
        if (length < inner + IPV6_HEADER + EchoCodec.HEADER_LENGTH || (icmp[inner] & 0xF0) != 0x60
                || (icmp[inner + 6] & 0xFF) != PROTO_ICMPV6) {
            return null;
        }
        int quoted = inner + IPV6_HEADER;
        if ((icmp[quoted] & 0xFF) != EchoCodec.TYPE_ECHO_REQUEST_V6) {
            return null;
        }
        return echo(from, false, type, code, icmp, quoted, length);
    }

    /** The IPv4 header length at {@code offset}, or -1 if no valid header fits. */
    private static int ipv4HeaderLength(byte[] b, int offset, int length) {
        if (length < offset + IPV4_MIN_HEADER || (b[offset] & 0xF0) != 0x40) {
            return -1;
        }
        int ihl = (b[offset] & 0x0F) * 4;
        return ihl < IPV4_MIN_HEADER || offset + ihl > length ? -1 : ihl;
    }

    /** Reads id, sequence and cookie of the echo message at {@code at}. */
    private static IcmpMessage echo(InetAddress from, boolean reply, int type, int code, byte[] b, int at, int length) {
        ByteBuffer bb = ByteBuffer.wrap(b, 0, length).order(ByteOrder.BIG_ENDIAN);
        int id = bb.getShort(at + 4) & 0xFFFF;
        int seq = bb.getShort(at + 6) & 0xFFFF;
        int cookieAt = at + EchoCodec.HEADER_LENGTH + 8;
        boolean hasCookie = length >= cookieAt + 8;
        long cookie = hasCookie ? bb.getLong(cookieAt) : 0;
        return new IcmpMessage(from, reply, type, code, id, seq, cookie, hasCookie);
    }

    static InetAddress address(byte[] b, int offset, int length) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, offset, offset + length));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // cannot happen for 4 or 16 bytes
        }
    }
}
