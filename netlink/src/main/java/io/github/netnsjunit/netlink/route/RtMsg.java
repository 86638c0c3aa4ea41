package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.nio.ByteBuffer;

/**
 * {@code struct rtmsg} (linux/rtnetlink.h), the family header of RTM_NEWROUTE, RTM_DELROUTE and RTM_GETROUTE:
 * 12 bytes, host order.
 *
 * <pre>
 * u8 rtm_family | u8 rtm_dst_len | u8 rtm_src_len | u8 rtm_tos | u8 rtm_table | u8 rtm_protocol | u8 rtm_scope
 * | u8 rtm_type | u32 rtm_flags
 * </pre>
 *
 * @param family    AF_* of the destination ({@code AF_UNSPEC} in a dump of every family)
 * @param dstLength destination prefix length (0 for a default route)
 * @param srcLength source prefix length (policy routing; 0 here)
 * @param tos       TOS match (0)
 * @param table     routing table id, up to 255 (larger ids travel in RTA_TABLE, which wins when present)
 * @param protocol  RTPROT_* of whoever adds the route
 * @param scope     RT_SCOPE_*
 * @param type      RTN_*
 * @param flags     RTM_F_* / RTNH_F_* flags
 */
public record RtMsg(int family, int dstLength, int srcLength, int tos, int table, int protocol, int scope, int type,
        int flags) {
    /** {@code sizeof(struct rtmsg)}. */
    public static final int LENGTH = 12;

    /** The header of a dump of every route of {@code family}. */
    public static RtMsg dump(int family) {
        return new RtMsg(family, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Appends the 12 header bytes. */
    public MessageWriter write(MessageWriter w) {
        return w.u8(family).u8(dstLength).u8(srcLength).u8(tos).u8(table).u8(protocol).u8(scope).u8(type).u32(flags);
    }

    /** Reads the header at {@code payload}'s position (a message payload), moving past it. */
    public static RtMsg parse(ByteBuffer payload) {
        ByteBuffer b = HeaderBytes.take(payload, LENGTH, "rtmsg");
        return new RtMsg(HeaderBytes.u8(b), HeaderBytes.u8(b), HeaderBytes.u8(b), HeaderBytes.u8(b),
                HeaderBytes.u8(b), HeaderBytes.u8(b), HeaderBytes.u8(b), HeaderBytes.u8(b), b.getInt());
    }
}
