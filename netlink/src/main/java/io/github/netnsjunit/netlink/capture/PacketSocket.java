package io.github.netnsjunit.netlink.capture;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An AF_PACKET socket that receives every frame (both directions) of one interface, or of all interfaces of a
 * namespace. It is made with protocol 0, which receives nothing, and only bind(2) with ETH_P_ALL switches
 * reception on, for the chosen interface only, so no frame of another interface slips into the queue in between.
 */
final class PacketSocket implements AutoCloseable {
    static final int SOCKADDR_LL_LENGTH = 20;
    static final int PACKET_OUTGOING = 4;
    private static final int PACKET_STATISTICS = 6;
    private static final int RECEIVE_BUFFER = 8 << 20;

    final int fd;
    /** Raw (link-layer header kept) for one interface; cooked (pseudo-header from the sockaddr_ll) otherwise. */
    final boolean cooked;
    /** Interface indexes to keep when several interfaces share the cooked socket; empty = keep all. */
    final List<Integer> keep;
    private boolean closed;

    private PacketSocket(int fd, boolean cooked, List<Integer> keep) {
        this.fd = fd;
        this.cooked = cooked;
        this.keep = keep;
    }

    /** Opens and binds the socket on the namespace's pinned thread: interface names are looked up per namespace. */
    static PacketSocket open(NamespaceHandle ns, List<String> interfaces) {
        return ns.callUnchecked(() -> {
            List<Integer> indexes = new ArrayList<>();
            for (String name : interfaces) {
                indexes.add(Native.ifNameToIndex(name));
            }
            boolean cooked = indexes.size() != 1;
            int fd = Native.socket(AddressFamily.PACKET, cooked ? Native.SOCK_DGRAM : Native.SOCK_RAW, 0);
            try {
                try {
                    Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, RECEIVE_BUFFER);
                } catch (RuntimeException notPrivileged) {
                    Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, RECEIVE_BUFFER);
                }
                Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_TIMESTAMPNS, 1);
                Native.bind(fd, sockaddrLl(cooked ? 0 : indexes.get(0)));
                return new PacketSocket(fd, cooked, cooked ? List.copyOf(indexes) : List.of());
            } catch (RuntimeException e) {
                Native.close(fd);
                throw e;
            }
        });
    }

    /**
     * A raw socket (frames keep their link-layer header) on every interface of the namespace: ifindex 0 in the
     * bind; the interface of each frame is in the sockaddr_ll that recvfrom(2) fills.
     */
    static PacketSocket openRawOnAll(NamespaceHandle ns) {
        return ns.callUnchecked(() -> {
            int fd = Native.socket(AddressFamily.PACKET, Native.SOCK_RAW, 0);
            try {
                try {
                    Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, RECEIVE_BUFFER);
                } catch (RuntimeException notPrivileged) {
                    Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, RECEIVE_BUFFER);
                }
                // No SO_TIMESTAMPNS here: with it the kernel hands stamps out only as control messages and never
                // updates sk_stamp, so ioctl(SIOCGSTAMPNS) fails with ENOENT (net/core/sock.c, sock_gettstamp). A
                // first SIOCGSTAMPNS enables SOCK_TIMESTAMP instead, and every later recvfrom(2) records its stamp.
                try {
                    Native.lastPacketTimestampNanos(fd);
                } catch (RuntimeException firstCallHasNoStampYet) {
                    // ENOENT, as expected
                }
                Native.bind(fd, sockaddrLl(0));
                return new PacketSocket(fd, false, List.of());
            } catch (RuntimeException e) {
                Native.close(fd);
                throw e;
            }
        });
    }

    /** {@code struct sockaddr_ll} for bind(2): family, protocol (be16), ifindex; the rest is only filled on receive. */
    static byte[] sockaddrLl(int ifindex) {
        return ByteBuffer.allocate(SOCKADDR_LL_LENGTH).order(ByteOrder.nativeOrder())
                .putShort((short) AddressFamily.PACKET)
                .put((byte) (Native.ETH_P_ALL >>> 8)).put((byte) Native.ETH_P_ALL) // be16, whatever the host order
                .putInt(ifindex)
                .array();
    }

    /** Frames the kernel dropped because our queue was full, since the last call (PACKET_STATISTICS). */
    int drops() {
        byte[] stats = new byte[8];
        Native.getsockopt(fd, Native.SOL_PACKET, PACKET_STATISTICS, stats);
        return ByteBuffer.wrap(stats).order(ByteOrder.nativeOrder()).getInt(4);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
