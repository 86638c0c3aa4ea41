package io.github.netnsjunit.netlink.addr;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * The address family numbers this library uses ({@code AF_*} of linux/socket.h), the one place they are defined:
 * socket(2) domains, {@code sockaddr} families and the family byte of the rtnetlink headers. They are the same on
 * every Linux architecture (unlike syscall numbers, see {@code sys/Syscalls}).
 */
public final class AddressFamily {
    /** {@code AF_UNSPEC}: every family (rtnetlink dumps, link requests). */
    public static final int UNSPEC = 0;
    /** {@code AF_UNIX}. */
    public static final int UNIX = 1;
    /** {@code AF_INET}: IPv4. */
    public static final int INET = 2;
    /** {@code AF_BRIDGE} ({@code PF_BRIDGE}): bridge FDB and port requests. */
    public static final int BRIDGE = 7;
    /** {@code AF_INET6}: IPv6. */
    public static final int INET6 = 10;
    /** {@code AF_NETLINK}. */
    public static final int NETLINK = 16;
    /** {@code AF_PACKET}: link-layer sockets (capture); also what {@code ip link show} asks its dump for. */
    public static final int PACKET = 17;

    private AddressFamily() {
    }

    /** {@link #INET} or {@link #INET6}, for an address. */
    public static int of(InetAddress address) {
        return address instanceof Inet4Address ? INET : INET6;
    }

    /** The length in bytes of an address of {@link #INET} (4) or {@link #INET6} (16). */
    public static int addressLength(int family) {
        return switch (family) {
            case INET -> 4;
            case INET6 -> 16;
            default -> throw new IllegalArgumentException("not an IP address family: " + family);
        };
    }

    /** The {@code AF_*} name of a family number, or the number. */
    public static String name(int family) {
        return switch (family) {
            case UNSPEC -> "AF_UNSPEC";
            case UNIX -> "AF_UNIX";
            case INET -> "AF_INET";
            case BRIDGE -> "AF_BRIDGE";
            case INET6 -> "AF_INET6";
            case NETLINK -> "AF_NETLINK";
            case PACKET -> "AF_PACKET";
            default -> "family " + family;
        };
    }
}
