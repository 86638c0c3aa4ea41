package io.github.netnsjunit.netlink.relay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a TCP GSO super-frame (as a packet socket with a virtio-net header receives it) into the frames of its
 * segments, as the kernel would on the way out, so that the relay can time each segment on its own. Each segment gets
 * the headers of the super-frame with its own IP length (and IPv4 identification, counting up, and header checksum),
 * its own sequence number, FIN and PSH only on the last and CWR only on the first, and leaves with a partial checksum
 * ({@code VIRTIO_NET_HDR_F_NEEDS_CSUM}, the TCP checksum field holding the pseudo-header sum of its own length) for the
 * kernel to finish, as the super-frame had.
 */
final class GsoSegments {
    private static final int FIN = 0x01;
    private static final int PSH = 0x08;
    private static final int CWR = 0x80;

    private GsoSegments() {
    }

    /**
     * The segments of the super-frame in {@code frame[0, length)}, each a whole frame with its virtio-net header; null
     * when it is not a TCP GSO frame with a partial checksum (then it is left whole).
     */
    static List<byte[]> split(ByteBuffer frame, int length) {
        int type = frame.get(1) & 0x7f;
        int gsoSize = frame.getShort(4) & 0xffff;
        boolean v4 = type == VnetHeader.GSO_TCPV4;
        if (!v4 && type != VnetHeader.GSO_TCPV6 || gsoSize == 0 || (frame.get(0) & VnetHeader.F_NEEDS_CSUM) == 0) {
            return null;
        }
        int ip = VnetHeader.LENGTH + 14;
        if (length < ip + 40) {
            return null;
        }
        int tcp = v4 ? ip + (frame.get(ip) & 0x0f) * 4 : ip + 40;
        if (!v4 && (frame.get(ip + 6) & 0xff) != 6 || length < tcp + 20) {
            return null; // IPv6 extension headers: not cut
        }
        int headers = tcp + ((frame.get(tcp + 12) & 0xf0) >> 2);
        int payload = length - headers;
        if (payload <= gsoSize) {
            return null;
        }
        int seq = u16(frame, tcp + 4) << 16 | u16(frame, tcp + 6);
        int id = u16(frame, ip + 4);
        int flags = frame.get(tcp + 13) & 0xff;
        List<byte[]> out = new ArrayList<>();
        for (int offset = 0; offset < payload; offset += gsoSize) {
            int chunk = Math.min(gsoSize, payload - offset);
            boolean last = offset + chunk == payload;
            byte[] s = new byte[headers + chunk];
            frame.get(0, s, 0, headers);
            frame.get(headers + offset, s, headers, chunk);
            ByteBuffer b = ByteBuffer.wrap(s);
            s[1] = (byte) VnetHeader.GSO_NONE;
            b.order(ByteOrder.nativeOrder()).putShort(4, (short) 0); // gso_size
            b.order(ByteOrder.BIG_ENDIAN);
            int tcpLength = headers - tcp + chunk;
            if (v4) {
                b.putShort(ip + 2, (short) (headers - ip + chunk));
                b.putShort(ip + 4, (short) (id + out.size()));
                b.putShort(ip + 10, (short) 0);
                b.putShort(ip + 10, (short) ~fold(sum(s, ip, tcp - ip, 0)));
            } else {
                b.putShort(ip + 4, (short) tcpLength);
            }
            b.putInt(tcp + 4, seq + offset);
            int f = flags;
            if (!last) {
                f &= ~(FIN | PSH);
            }
            if (offset > 0) {
                f &= ~CWR;
            }
            s[tcp + 13] = (byte) f;
            // the pseudo-header sum with this segment's length: the kernel adds the rest from csum_start on
            int addresses = v4 ? ip + 12 : ip + 8;
            long pseudo = sum(s, addresses, v4 ? 8 : 32, 6 + tcpLength);
            b.putShort(tcp + 16, (short) fold(pseudo));
            out.add(s);
        }
        return out;
    }

    private static long sum(byte[] s, int at, int len, long start) {
        long sum = start;
        for (int i = 0; i + 1 < len; i += 2) {
            sum += (s[at + i] & 0xff) << 8 | (s[at + i + 1] & 0xff);
        }
        return sum;
    }

    private static int fold(long sum) {
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }

    private static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 8 | (b.get(at + 1) & 0xff);
    }
}
