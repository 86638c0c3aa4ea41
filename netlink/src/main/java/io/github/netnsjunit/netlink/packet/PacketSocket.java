package io.github.netnsjunit.netlink.packet;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An AF_PACKET socket bound to one interface of a namespace, or to all of them. It is made with protocol 0, which
 * receives nothing, and only bind(2) with {@code ETH_P_ALL} switches reception on, for the chosen interface only, so
 * no frame of another interface slips into the queue in between ({@code net/packet/af_packet.c}: {@code
 * packet_create} registers no hook for protocol 0; {@code packet_do_bind} does).
 *
 * <p>Socket options that must be set before frames arrive are set by the {@code configure} callback of
 * {@link #open}, between socket(2) and bind(2).
 */
public final class PacketSocket implements AutoCloseable {
    /** Length of {@code struct sockaddr_ll} (linux/if_packet.h). */
    public static final int SOCKADDR_LL_LENGTH = 20;
    /** {@code sll_pkttype} of a frame the host sent ({@code PACKET_OUTGOING}, linux/if_packet.h). */
    public static final int PACKET_OUTGOING = 4;
    /** {@code SOL_PACKET} options (linux/if_packet.h). */
    public static final int PACKET_STATISTICS = 6;
    public static final int PACKET_VNET_HDR = 15;
    public static final int PACKET_IGNORE_OUTGOING = 23;
    /** asm-generic/socket.h; {@code Native} has the receive-side one. */
    private static final int SO_SNDBUFFORCE = 32;
    /** sys/socket.h; {@code Native} has only the flags its other callers need. */
    private static final int MSG_PEEK = 2;
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    /** How frames are handed out: with their link-layer header, or after it (the header in the sockaddr_ll). */
    public enum Framing {
        /** {@code SOCK_RAW}: from the Ethernet header on. */
        RAW,
        /** {@code SOCK_DGRAM}: from the network header on; the sockaddr_ll says what the link header said. */
        COOKED
    }

    /** What may be set on the socket before it is bound. */
    @FunctionalInterface
    public interface Options {
        /** Sets options on the unbound socket. */
        void set(PacketSocket socket);
    }

    private final int fd;
    private long uncopied;
    private final Framing framing;
    private final List<Integer> interfaces;
    private volatile boolean closed;

    private PacketSocket(int fd, Framing framing, List<Integer> interfaces) {
        this.fd = fd;
        this.framing = framing;
        this.interfaces = interfaces;
    }

    /**
     * Opens a socket on the namespace's pinned thread (interface names are looked up per namespace) and binds it:
     * to the interface when {@code interfaces} names exactly one, to every interface (present or future) otherwise;
     * with several, {@link #interfaces()} gives their indexes so that the reader can keep only theirs.
     */
    public static PacketSocket open(NamespaceHandle ns, Framing framing, List<String> interfaces, Options configure) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(framing, "framing");
        return ns.callUnchecked(() -> {
            List<Integer> indexes = new ArrayList<>();
            for (String name : interfaces) {
                indexes.add(Native.ifNameToIndex(name));
            }
            int fd = Native.socket(AddressFamily.PACKET, framing == Framing.COOKED ? Native.SOCK_DGRAM : Native.SOCK_RAW, 0);
            PacketSocket socket = new PacketSocket(fd, framing, List.copyOf(indexes));
            try {
                configure.set(socket);
                Native.bind(fd, sockaddrLl(indexes.size() == 1 ? indexes.get(0) : 0));
                return socket;
            } catch (RuntimeException e) {
                socket.close();
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

    /** The ifindex in a {@code struct sockaddr_ll} that {@link #receive} filled. */
    public static int ifindexOf(byte[] sockaddrLl) {
        return ByteBuffer.wrap(sockaddrLl).order(ByteOrder.nativeOrder()).getInt(4);
    }

    /** The {@code sll_pkttype} in a {@code struct sockaddr_ll} that {@link #receive} filled. */
    public static int packetTypeOf(byte[] sockaddrLl) {
        return sockaddrLl[10] & 0xFF;
    }

    /** How frames are handed out. */
    public Framing framing() {
        return framing;
    }

    /** The indexes of the interfaces asked for (bound to the only one, or to keep when there were several). */
    public List<Integer> interfaces() {
        return interfaces;
    }

    /** Sets an int socket option. */
    public void setOption(int level, int option, int value) {
        Native.setsockopt(fd, level, option, value);
    }

    /**
     * Asks for {@code bytes} of receive buffer (and of send buffer with {@code send}) beyond {@code net.core.rmem_max}
     * ({@code SO_RCVBUFFORCE}, which needs CAP_NET_ADMIN), or, without the privilege, as much as the limit allows.
     */
    public void bufferSizes(int bytes, boolean send) {
        try {
            setOption(Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, bytes);
            if (send) {
                setOption(Native.SOL_SOCKET, SO_SNDBUFFORCE, bytes);
            }
        } catch (SyscallException notPrivileged) {
            setOption(Native.SOL_SOCKET, Native.SO_RCVBUF, bytes);
        }
    }

    /** True when a frame is waiting, after up to {@code millis}. */
    public boolean await(int millis) {
        return Native.pollIn(fd, millis);
    }

    /**
     * Reads one frame without blocking into {@code into} (cleared first); fills {@code from} (a sockaddr_ll, or
     * null) and returns the frame's length ({@code MSG_TRUNC} with {@code truncated}: its length on the wire, even
     * if longer than {@code into}); -1 when none is waiting. A one-shot {@code ENETDOWN} (the interface went down
     * while frames were queued, or was down at bind) is read and skipped: reading it clears it, and reception
     * resumes by itself when the link comes back up ({@code af_packet.c}, {@code packet_notifier} sets
     * {@code sk_err}). A frame whose data the kernel could not copy ({@code EFAULT} with a valid buffer: see
     * {@link #receiveKeepingHeaders}) is gone (packet_recvmsg frees it on the error): it is counted in
     * {@link #uncopiedFrames()} and the next one is read.
     */
    public int receive(ByteBuffer into, byte[] from, boolean truncated) {
        int flags = Native.MSG_DONTWAIT | (truncated ? Native.MSG_TRUNC : 0);
        while (true) {
            into.clear();
            try {
                return Native.recvfrom(fd, into, flags, from);
            } catch (SyscallException e) {
                if (e.errno() == Errno.EFAULT) {
                    uncopied++;
                } else if (e.errno() != Errno.ENETDOWN) {
                    throw e;
                }
            }
        }
    }

    /**
     * Reads one frame without blocking, losing none: returns its length on the wire (-1 when none is waiting) and
     * leaves {@code into} flipped over the bytes copied (position 0, limit what the kernel copied) and {@code from}
     * filled. The kernel fails a copy with {@code EFAULT} for a frame whose paged data it cannot copy, whatever the
     * buffer: an outgoing TCP segment of a connection retransmitting while orphaned, on a link with
     * {@code gso_max_segs 1} (its first 128 bytes copy, 1600 do not; {@code __skb_datagram_iter} ends at its
     * {@code fault:} label), and {@code packet_recvmsg} frees a frame whose copy failed. So the frame is peeked
     * ({@code MSG_PEEK}, it stays queued), on such a fault peeked again for its first {@code headerBytes} only (the
     * headers a trace decodes; none when even those fail), then dequeued with an empty copy.
     */
    public int receiveKeepingHeaders(ByteBuffer into, byte[] from, int headerBytes) {
        int length = -1;
        for (int limit : new int[] {into.capacity(), Math.min(headerBytes, into.capacity()), 0}) {
            into.clear().limit(limit);
            try {
                length = receive(into, from, MSG_PEEK | Native.MSG_TRUNC);
                break;
            } catch (SyscallException e) {
                if (e.errno() != Errno.EFAULT || limit == 0) {
                    throw e;
                }
            }
        }
        if (length < 0) {
            return -1;
        }
        int copied = Math.min(length, into.limit());
        receive(EMPTY, null, 0); // dequeues the frame peeked: nothing left to copy, so nothing can fault
        into.position(0).limit(copied);
        return length;
    }

    private int receive(ByteBuffer into, byte[] from, int flags) {
        while (true) {
            try {
                return Native.recvfrom(fd, into, Native.MSG_DONTWAIT | flags, from);
            } catch (SyscallException e) {
                if (e.errno() != Errno.ENETDOWN) {
                    throw e;
                }
            }
        }
    }

    /** Frames lost since the socket opened because the kernel could not copy them ({@code EFAULT}, see above). */
    public long uncopiedFrames() {
        return uncopied;
    }

    /** Sends one frame; false when the kernel refused it (a full queue, a link down: a drop). */
    public boolean send(ByteBuffer frame) {
        try {
            return Native.sendto(fd, frame, null) > 0;
        } catch (SyscallException e) {
            return false;
        }
    }

    /** The kernel's receive time of the frame read last, ns since the epoch ({@code SIOCGSTAMPNS}). */
    public long lastTimestampNanos() {
        return Native.lastPacketTimestampNanos(fd);
    }

    /** Frames the kernel dropped because our queue was full, since the last call ({@code PACKET_STATISTICS}). */
    public int drops() {
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
