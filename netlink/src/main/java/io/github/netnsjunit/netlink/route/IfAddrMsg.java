package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.nio.ByteBuffer;

/**
 * {@code struct ifaddrmsg} (linux/if_addr.h), the family header of RTM_NEWADDR, RTM_DELADDR and RTM_GETADDR:
 * 8 bytes, host order.
 *
 * <pre>
 * u8 ifa_family | u8 ifa_prefixlen | u8 ifa_flags | u8 ifa_scope | u32 ifa_index
 * </pre>
 *
 * @param family       {@link AddressFamily#INET} or {@link AddressFamily#INET6} ({@link AddressFamily#UNSPEC} in a
 *                     dump of both)
 * @param prefixLength the prefix length
 * @param flags        the low 8 IFA_F_* bits; the IFA_FLAGS attribute, when present, carries all 32
 * @param scope        RT_SCOPE_*
 * @param index        ifindex of the link
 */
public record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index) {
    /** {@code sizeof(struct ifaddrmsg)}. */
    public static final int LENGTH = 8;

    /** The header of a dump of every address of {@code family}. */
    public static IfAddrMsg dump(int family) {
        return new IfAddrMsg(family, 0, 0, 0, 0);
    }

    /** The header that adds or removes {@code prefix} on link {@code index} with {@code scope}. */
    public static IfAddrMsg of(IpPrefix prefix, int scope, int index) {
        return new IfAddrMsg(prefix.family(), prefix.length(), 0, scope, index);
    }

    /** Appends the 8 header bytes. */
    public MessageWriter write(MessageWriter w) {
        return w.u8(family).u8(prefixLength).u8(flags).u8(scope).u32(index);
    }

    /** Reads the header at {@code payload}'s position (a message payload), moving past it. */
    public static IfAddrMsg parse(ByteBuffer payload) {
        ByteBuffer b = HeaderBytes.take(payload, LENGTH, "ifaddrmsg");
        return new IfAddrMsg(HeaderBytes.u8(b), HeaderBytes.u8(b), HeaderBytes.u8(b), HeaderBytes.u8(b), b.getInt());
    }
}
