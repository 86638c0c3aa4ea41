package io.github.netnsjunit.netlink.diag;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * One TCP socket of a sock_diag answer: {@code struct inet_diag_msg} (72 bytes) and, when asked for, the counters of
 * its {@code INET_DIAG_INFO} attribute ({@code struct tcp_info}, linux/tcp.h). A counter the kernel's tcp_info is too
 * short for (bytes_acked and bytes_received came with Linux 4.1) is -1.
 *
 * @param local the local address (an IPv4-mapped IPv6 address comes back as IPv4, as {@code ss} shows it)
 * @param state the TCP state ({@code TCP_ESTABLISHED} = 1, ...)
 * @param inode the socket's inode, as in {@code /proc/PID/fd} ({@code socket:[inode]}); 0 once closed
 * @param bytesAcked {@code tcpi_bytes_acked}: bytes sent and acknowledged by the peer
 * @param bytesReceived {@code tcpi_bytes_received}: bytes received
 * @param lastDataSentMillis {@code tcpi_last_data_sent}: milliseconds since data was last sent
 * @param lastDataReceivedMillis {@code tcpi_last_data_recv}: milliseconds since data was last received
 */
public record TcpSocketInfo(InetAddress local, int localPort, InetAddress remote, int remotePort, int state,
        long inode, long bytesAcked, long bytesReceived, long lastDataSentMillis, long lastDataReceivedMillis) {
    private static final int MSG_LENGTH = 72;
    // offsets in struct tcp_info
    private static final int LAST_DATA_SENT = 44;
    private static final int LAST_DATA_RECV = 52;
    private static final int BYTES_ACKED = 120;
    private static final int BYTES_RECEIVED = 128;

    /** Parses one {@code SOCK_DIAG_BY_FAMILY} answer message. */
    public static TcpSocketInfo parse(NetlinkMessage message) {
        ByteBuffer p = message.payload();
        int family = p.get(0) & 0xff;
        int state = p.get(1) & 0xff;
        // inet_diag_sockid at 4: sport, dport in network byte order, then src[16], dst[16]
        int sport = ((p.get(4) & 0xff) << 8) | (p.get(5) & 0xff);
        int dport = ((p.get(6) & 0xff) << 8) | (p.get(7) & 0xff);
        int length = AddressFamily.addressLength(family);
        InetAddress src = address(p, 8, length);
        InetAddress dst = address(p, 24, length);
        long inode = Integer.toUnsignedLong(p.getInt(68));
        long acked = -1;
        long received = -1;
        long lastSent = -1;
        long lastRecv = -1;
        Attributes attrs = message.attributes(MSG_LENGTH);
        Optional<ByteBuffer> info = Optional.ofNullable(attrs.bytes(InetDiagRequest.INFO_ATTRIBUTE))
                .map(b -> ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()));
        if (info.isPresent()) {
            ByteBuffer i = info.get();
            if (i.limit() >= LAST_DATA_RECV + 4) {
                lastSent = Integer.toUnsignedLong(i.getInt(LAST_DATA_SENT));
                lastRecv = Integer.toUnsignedLong(i.getInt(LAST_DATA_RECV));
            }
            if (i.limit() >= BYTES_RECEIVED + 8) {
                acked = i.getLong(BYTES_ACKED);
                received = i.getLong(BYTES_RECEIVED);
            }
        }
        return new TcpSocketInfo(src, sport, dst, dport, state, inode, acked, received, lastSent, lastRecv);
    }

    private static InetAddress address(ByteBuffer p, int at, int length) {
        byte[] bytes = new byte[length];
        p.get(at, bytes);
        try {
            return InetAddress.getByAddress(bytes); // 16 bytes of a v4-mapped address give an Inet4Address
        } catch (UnknownHostException impossible) {
            throw new IllegalArgumentException("address of " + length + " bytes", impossible);
        }
    }
}
