package io.github.netnsjunit.netlink.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GsoSegments} against the rules of RFC 793/1071 checked here independently: each segment's IPv4 header sums to
 * 0xffff, and once the kernel's part of the partial checksum is done ({@link VnetHeader#finishChecksum}, as
 * {@code skb_checksum_help}), the TCP checksum over the pseudo-header and segment sums to 0xffff too; sequence numbers,
 * lengths, flags and payload are those of the segments the kernel would have cut.
 */
class GsoSegmentsTest {
    private static final int IP = VnetHeader.LENGTH + 14;
    private static final int TCP = IP + 20;
    private static final int HEADERS = TCP + 32;

    @Test
    void aTcpV4SuperFrameIsCutIntoSegmentsWithTheirOwnHeadersAndValidChecksums() {
        byte[] payload = new byte[250];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 13 + 5);
        }
        ByteBuffer frame = superFrame(payload, 100);
        List<byte[]> segments = GsoSegments.split(frame, frame.limit());
        assertThat(segments).hasSize(3);
        int[] sizes = {100, 100, 50};
        for (int i = 0; i < 3; i++) {
            byte[] s = segments.get(i);
            assertThat(s.length).isEqualTo(HEADERS + sizes[i]);
            ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.nativeOrder());
            assertThat(s[1]).as("gso_type").isEqualTo((byte) VnetHeader.GSO_NONE);
            assertThat(u16(s, IP + 2)).as("IP total length").isEqualTo(20 + 32 + sizes[i]);
            assertThat(u16(s, IP + 4)).as("IP id").isEqualTo(0x1234 + i);
            assertThat(fold(sum(s, IP, 20))).as("IPv4 header checksum").isEqualTo(0xffff);
            assertThat(ByteBuffer.wrap(s).getInt(TCP + 4)).as("seq").isEqualTo(1000 + 100 * i);
            int flags = s[TCP + 13] & 0xff;
            assertThat(flags & 0x09).as("FIN and PSH only on the last").isEqualTo(i == 2 ? 0x09 : 0);
            assertThat(flags & 0x10).as("ACK on every one").isEqualTo(0x10);
            byte[] got = new byte[sizes[i]];
            System.arraycopy(s, HEADERS, got, 0, sizes[i]);
            byte[] want = new byte[sizes[i]];
            System.arraycopy(payload, 100 * i, want, 0, sizes[i]);
            assertThat(got).isEqualTo(want);
            VnetHeader.finishChecksum(b, s.length);
            int tcpLength = 32 + sizes[i];
            long pseudo = sum(s, IP + 12, 8) + 6 + tcpLength;
            assertThat(fold(pseudo + sum(s, TCP, tcpLength))).as("TCP checksum of segment %d", i).isEqualTo(0xffff);
        }
    }

    @Test
    void aFrameWithinOneSegmentOrWithoutGsoIsLeftWhole() {
        assertThat(GsoSegments.split(superFrame(new byte[100], 100), HEADERS + 100)).isNull();
        ByteBuffer plain = superFrame(new byte[250], 100);
        plain.put(1, (byte) VnetHeader.GSO_NONE);
        assertThat(GsoSegments.split(plain, plain.limit())).isNull();
    }

    /** A TCP/IPv4 GSO super-frame as a packet socket hands it over: partial checksum, pseudo-header sum in place. */
    private static ByteBuffer superFrame(byte[] payload, int gsoSize) {
        ByteBuffer b = ByteBuffer.allocate(HEADERS + payload.length).order(ByteOrder.nativeOrder());
        b.put(0, (byte) VnetHeader.F_NEEDS_CSUM).put(1, (byte) VnetHeader.GSO_TCPV4);
        b.putShort(2, (short) (HEADERS - VnetHeader.LENGTH)).putShort(4, (short) gsoSize);
        b.putShort(6, (short) (TCP - VnetHeader.LENGTH)).putShort(8, (short) 16);
        ByteBuffer n = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        n.putShort(VnetHeader.LENGTH + 12, (short) 0x0800);
        n.put(IP, (byte) 0x45).putShort(IP + 2, (short) (20 + 32 + payload.length)).putShort(IP + 4, (short) 0x1234);
        n.putShort(IP + 6, (short) 0x4000).put(IP + 8, (byte) 64).put(IP + 9, (byte) 6);
        n.putInt(IP + 12, 0x0a000001).putInt(IP + 16, 0x0a000002);
        n.putShort(TCP, (short) 8080).putShort(TCP + 2, (short) 40000).putInt(TCP + 4, 1000).putInt(TCP + 8, 77);
        n.put(TCP + 12, (byte) 0x80).put(TCP + 13, (byte) 0x19).putShort(TCP + 14, (short) 64);
        n.put(TCP + 20, (byte) 1).put(TCP + 21, (byte) 1).put(TCP + 22, (byte) 8).put(TCP + 23, (byte) 10);
        n.position(HEADERS);
        n.put(payload);
        byte[] a = b.array();
        n.putShort(IP + 10, (short) ~fold(sum(a, IP, 20)));
        n.putShort(TCP + 16, (short) fold(sum(a, IP + 12, 8) + 6 + 32 + payload.length));
        b.position(0).limit(a.length);
        return b;
    }

    private static long sum(byte[] s, int at, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += (s[at + i] & 0xff) << 8 | (i + 1 < len ? s[at + i + 1] & 0xff : 0);
        }
        return sum;
    }

    private static int fold(long sum) {
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) sum;
    }

    private static int u16(byte[] s, int at) {
        return (s[at] & 0xff) << 8 | (s[at + 1] & 0xff);
    }
}
