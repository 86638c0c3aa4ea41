package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.nio.ByteBuffer;

/**
 * {@code struct ndmsg} (linux/neighbour.h), the family header of RTM_NEWNEIGH, RTM_DELNEIGH and RTM_GETNEIGH
 * (neighbour caches, and with {@code AF_BRIDGE} the bridge FDB): 12 bytes, host order.
 *
 * <pre>
 * u8 ndm_family | u8 pad1 | u16 pad2 | s32 ndm_ifindex | u16 ndm_state | u8 ndm_flags | u8 ndm_type
 * </pre>
 *
 * @param family AF_* ({@code AF_INET}/{@code AF_INET6} caches, {@code AF_BRIDGE} FDB, {@code AF_UNSPEC} all)
 * @param index  ifindex of the link, or 0
 * @param state  NUD_* state bits
 * @param flags  NTF_* flags
 * @param type   RTN_* type of the entry
 */
public record NdMsg(int family, int index, int state, int flags, int type) {
    /** {@code sizeof(struct ndmsg)}. */
    public static final int LENGTH = 12;

    /** The header of a dump of every entry of {@code family}. */
    public static NdMsg dump(int family) {
        return new NdMsg(family, 0, 0, 0, 0);
    }

    /** Appends the 12 header bytes. */
    public MessageWriter write(MessageWriter w) {
        return w.u8(family).u8(0).u16(0).u32(index).u16(state).u8(flags).u8(type);
    }

    /** Reads the header at {@code payload}'s position (a message payload), moving past it. */
    public static NdMsg parse(ByteBuffer payload) {
        ByteBuffer b = HeaderBytes.take(payload, LENGTH, "ndmsg");
        int family = HeaderBytes.u8(b);
        b.get(); // pad1
        b.getShort(); // pad2
        return new NdMsg(family, b.getInt(), HeaderBytes.u16(b), HeaderBytes.u8(b), HeaderBytes.u8(b));
    }
}
