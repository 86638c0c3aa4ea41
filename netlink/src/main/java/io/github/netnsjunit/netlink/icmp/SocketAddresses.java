package io.github.netnsjunit.netlink.icmp;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@code struct sockaddr_in} / {@code sockaddr_in6} bytes: family in host order, port and address in network order. */
final class SocketAddresses {
    static final int SOCKADDR_IN_LENGTH = 16;
    static final int SOCKADDR_IN6_LENGTH = 28;

    private SocketAddresses() {
    }

    /** The sockaddr for sendto(2) to {@code address} (port 0: raw sockets have none). */
    static byte[] of(InetAddress address) {
        if (address instanceof Inet4Address) {
            ByteBuffer b = ByteBuffer.allocate(SOCKADDR_IN_LENGTH).order(ByteOrder.nativeOrder());
            b.putShort((short) AddressFamily.INET).putShort((short) 0).put(address.getAddress());
            return b.array();
        }
        Inet6Address v6 = (Inet6Address) address;
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_IN6_LENGTH).order(ByteOrder.nativeOrder());
        b.putShort((short) AddressFamily.INET6).putShort((short) 0).putInt(0).put(v6.getAddress()).putInt(v6.getScopeId());
        return b.array();
    }

    /** The address in a {@code sockaddr_in6} filled by recvfrom(2). */
    static InetAddress ipv6From(byte[] sockaddr) {
        return IcmpParser.address(sockaddr, 8, 16);
    }
}
