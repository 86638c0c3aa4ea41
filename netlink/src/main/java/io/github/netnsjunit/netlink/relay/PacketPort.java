package io.github.netnsjunit.netlink.relay;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One end of the relay: an AF_PACKET raw socket bound to one interface of the middle namespace, with a virtio-net
 * header in front of every frame ({@code PACKET_VNET_HDR}).
 *
 * <p>Why the header: veth passes its sender's offloads through. A TCP sender in a test namespace hands the veth
 * 64 KiB segments with a partial checksum ({@code CHECKSUM_PARTIAL}, TSO/GSO), and a plain packet socket would read
 * them as one oversized frame with an unfinished checksum, which cannot be sent on as it is (EMSGSIZE, or a bad
 * checksum at the receiver). With the header the kernel tells us how to finish the frame (GSO type and size, where
 * the checksum goes), and when we send the frame with the same header on the other side it finishes it the same
 * way: segments and checksums stay valid, and large segments keep the relay fast. {@code PACKET_IGNORE_OUTGOING}
 * (kernel 4.20+) keeps frames we send out of the other direction's socket.
 */
final class PacketPort implements AutoCloseable {
    static final int SOCKADDR_LL_LENGTH = 20;
    private static final int PACKET_VNET_HDR = 15;
    private static final int PACKET_IGNORE_OUTGOING = 23;
    private static final int BUFFER = 4 << 20;

    final int fd;
    final String name;
    private volatile boolean closed;

    private PacketPort(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /** Opens the socket on the namespace's pinned thread (interface names are per namespace). */
    static PacketPort open(NamespaceHandle ns, String ifname) {
        return ns.callUnchecked(() -> {
            int index = Native.ifNameToIndex(ifname);
            // protocol 0 receives nothing until bind(ETH_P_ALL, index): no frame of another interface gets in
            int fd = Native.socket(AddressFamily.PACKET, Native.SOCK_RAW, 0);
            try {
                Native.setsockopt(fd, Native.SOL_PACKET, PACKET_VNET_HDR, 1);
                Native.setsockopt(fd, Native.SOL_PACKET, PACKET_IGNORE_OUTGOING, 1);
                try {
                    Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, BUFFER);
                    Native.setsockopt(fd, Native.SOL_SOCKET, 32 /* SO_SNDBUFFORCE */, BUFFER);
                } catch (SyscallException notPrivileged) {
                    Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, BUFFER);
                }
                Native.bind(fd, sockaddrLl(index));
                return new PacketPort(fd, ns.name() + "/" + ifname);
            } catch (RuntimeException e) {
                Native.close(fd);
                throw e;
            }
        });
    }

    static byte[] sockaddrLl(int ifindex) {
        return ByteBuffer.allocate(SOCKADDR_LL_LENGTH).order(ByteOrder.nativeOrder())
                .putShort((short) AddressFamily.PACKET)
                .put((byte) (Native.ETH_P_ALL >>> 8)).put((byte) Native.ETH_P_ALL) // be16
                .putInt(ifindex)
                .array();
    }

    /** True when a frame is waiting, after up to {@code millis}. */
    boolean await(int millis) {
        return Native.pollIn(fd, millis);
    }

    /** Reads one frame (virtio-net header first) without blocking into {@code into}; -1 when none is waiting. */
    int receive(ByteBuffer into) {
        into.clear();
        return Native.recvfrom(fd, into, Native.MSG_DONTWAIT, null);
    }

    /** Sends one frame (virtio-net header first); false when the kernel refused it (a full queue: a drop). */
    boolean send(ByteBuffer frame) {
        try {
            return Native.sendto(fd, frame, null) > 0;
        } catch (SyscallException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
