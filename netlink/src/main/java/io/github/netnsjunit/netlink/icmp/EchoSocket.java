package io.github.netnsjunit.netlink.icmp;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A raw ICMP or ICMPv6 socket opened inside a namespace. It is created on the namespace's pinned thread (a
 * socket belongs to the namespace of the thread that called socket(2)) and then used from the caller's thread.
 */
final class EchoSocket implements AutoCloseable {
    private static final int ICMP_FILTER = 1;
    private static final int ICMPV6_FILTER = 1;
    private static final int RECEIVE_BUFFER = 65536;

    private final int fd;
    private final boolean ipv6;
    private static final int IPPROTO_IP = 0;
    private static final int IP_MTU_DISCOVER = 10;
    /** Set DF and ignore the learnt path MTU: only the device's MTU limits the send ({@code ping -M probe}). */
    private static final int IP_PMTUDISC_PROBE = 3;
    /** linux/in6.h: the same for IPv6, whose routers never fragment (IPV6_PMTUDISC_PROBE has the same value). */
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_MTU_DISCOVER = 23;

    private ByteBuffer tx = ByteBuffer.allocateDirect(EchoCodec.HEADER_LENGTH + EchoCodec.DATA_LENGTH);
    private final ByteBuffer rx = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.BIG_ENDIAN);
    private final byte[] from = new byte[SocketAddresses.SOCKADDR_IN6_LENGTH];
    private boolean closed;

    private EchoSocket(int fd, boolean ipv6) {
        this.fd = fd;
        this.ipv6 = ipv6;
    }

    /** Opens the socket in {@code ns}, optionally bound to {@code device} (SO_BINDTODEVICE, like ping -I). */
    static EchoSocket open(NamespaceHandle ns, boolean ipv6, String device) {
        int fd = ns.callUnchecked(() -> ipv6
                ? Native.socket(AddressFamily.INET6, Native.SOCK_RAW, Native.IPPROTO_ICMPV6)
                : Native.socket(AddressFamily.INET, Native.SOCK_RAW, Native.IPPROTO_ICMP));
        try {
            if (ipv6) {
                Native.setsockopt(fd, Native.IPPROTO_ICMPV6, ICMPV6_FILTER, icmpv6Filter());
            } else {
                Native.setsockopt(fd, Native.SOL_RAW, ICMP_FILTER, icmpFilter());
            }
            if (device != null) {
                Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_BINDTODEVICE, Native.cString(device));
            }
            return new EchoSocket(fd, ipv6);
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /**
     * The ICMP_FILTER mask: a set bit drops that type. Everything but echo reply (0), destination unreachable (3),
     * time exceeded (11) and parameter problem (12) is dropped in the kernel, before it reaches our queue.
     */
    static int icmpFilter() {
        return ~((1 << 0) | (1 << 3) | (1 << 11) | (1 << 12));
    }

    /**
     * The ICMPV6_FILTER: 256 bits, a set bit blocks that type (Linux semantics). Passes echo reply (129) and the
     * errors 1–4, so neighbour discovery and MLD stay out.
     */
    static byte[] icmpv6Filter() {
        int[] words = new int[8];
        java.util.Arrays.fill(words, -1);
        for (int type : new int[] {1, 2, 3, 4, EchoCodec.TYPE_ECHO_REPLY_V6}) {
            words[type >>> 5] &= ~(1 << (type & 31));
        }
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        for (int w : words) {
            b.putInt(w);
        }
        return b.array();
    }

    /**
     * Every packet leaves as large as written, whatever path MTU the kernel has learnt: with DF set (IPv4), not
     * fragmented by the sender (IPv6).
     */
    void dontFragment() {
        if (ipv6) {
            Native.setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, IP_PMTUDISC_PROBE);
        } else {
            Native.setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_PROBE);
        }
    }

    boolean isIpv6() {
        return ipv6;
    }

    /** Sends one packet; a failure (e.g. ENETUNREACH) is thrown as a SyscallException. */
    void send(byte[] packet, byte[] sockaddr) {
        if (packet.length > tx.capacity()) {
            tx = ByteBuffer.allocateDirect(packet.length); // a large echo (DontFragmentEcho)
        }
        tx.clear();
        tx.put(packet).flip();
        Native.sendto(fd, tx, sockaddr);
    }

    /**
     * Waits up to {@code timeoutMillis} for one datagram and copies it into {@code into}; returns its length
     * (capped at the array), or -1 when none arrived. {@link #lastSender()} then holds the socket address.
     */
    int receive(byte[] into, int timeoutMillis) {
        rx.clear();
        int n = Native.recvfrom(fd, rx, Native.MSG_DONTWAIT, from);
        if (n < 0) {
            if (timeoutMillis <= 0 || !Native.pollIn(fd, timeoutMillis)) {
                return -1;
            }
            rx.clear();
            n = Native.recvfrom(fd, rx, Native.MSG_DONTWAIT, from);
            if (n < 0) {
                return -1;
            }
        }
        int length = Math.min(n, into.length);
        rx.get(into, 0, length);
        return length;
    }

    /** The sockaddr of the last datagram received. */
    byte[] lastSender() {
        return from;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }
}
