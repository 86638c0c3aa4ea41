package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.nio.ByteBuffer;

/**
 * {@code struct ifinfomsg} (linux/rtnetlink.h), the family header of RTM_NEWLINK, RTM_DELLINK and RTM_GETLINK:
 * 16 bytes, host order.
 *
 * <pre>
 * u8 ifi_family | u8 pad | u16 ifi_type | s32 ifi_index | u32 ifi_flags | u32 ifi_change
 * </pre>
 *
 * @param family AF_* ({@link AddressFamily#UNSPEC} for link requests)
 * @param type   ARPHRD_* link type (set by the kernel; 0 in requests)
 * @param index  ifindex, or 0 (a dump, a link named by IFLA_IFNAME, or "kernel chooses" on creation)
 * @param flags  IFF_* flags
 * @param change the IFF_* bits that {@code flags} changes. With 0 the kernel changes nothing when {@code flags} is 0
 *               too, and otherwise replaces every flag (its "bugwards compatibility" in rtnl_dev_combine_flags)
 */
public record IfInfoMsg(int family, int type, int index, int flags, int change) {
    /** {@code sizeof(struct ifinfomsg)}. */
    public static final int LENGTH = 16;

    /** The header of a request about link {@code index} (0: none or by name) that changes no flag. */
    public static IfInfoMsg of(int index) {
        return new IfInfoMsg(AddressFamily.UNSPEC, 0, index, 0, 0);
    }

    /** The header that sets the {@code change} bits of link {@code index}'s flags to those of {@code flags}. */
    public static IfInfoMsg flags(int index, int flags, int change) {
        return new IfInfoMsg(AddressFamily.UNSPEC, 0, index, flags, change);
    }

    /** Appends the 16 header bytes. */
    public MessageWriter write(MessageWriter w) {
        return w.u8(family).u8(0).u16(type).u32(index).u32(flags).u32(change);
    }

    /** Reads the header at {@code payload}'s position (a message payload), moving past it. */
    public static IfInfoMsg parse(ByteBuffer payload) {
        ByteBuffer b = HeaderBytes.take(payload, LENGTH, "ifinfomsg");
        int family = HeaderBytes.u8(b);
        b.get(); // pad
        int type = HeaderBytes.u16(b);
        return new IfInfoMsg(family, type, b.getInt(), b.getInt(), b.getInt());
    }
}
