package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct tcmsg} (20 bytes, host byte order), the fixed header of qdisc, class and filter messages:
 * {@code u8 family, u8 pad, u16 pad, s32 ifindex, u32 handle, u32 parent, u32 info}.
 *
 * @param family  address family, {@code AF_UNSPEC} (0) for qdiscs
 * @param ifindex the link
 * @param handle  the qdisc's handle ({@code major << 16}); 0 lets the kernel choose
 * @param parent  {@link Tc#TC_H_ROOT} for a root qdisc
 * @param info    unused for qdiscs
 */
public record TcMsg(int family, int ifindex, int handle, int parent, int info) {
    /** Its size on the wire. */
    public static final int LENGTH = 20;

    /** The header of a request about the root qdisc of a link. */
    public static TcMsg root(int ifindex) {
        return new TcMsg(0, ifindex, 0, Tc.TC_H_ROOT, 0);
    }

    /** Writes the 20 bytes. */
    public void write(MessageWriter w) {
        w.u8(family).u8(0).u16(0).u32(ifindex).u32(handle).u32(parent).u32(info);
    }

    /** Reads a header from the buffer's position (which advances by {@link #LENGTH}). */
    public static TcMsg parse(ByteBuffer b) {
        ByteBuffer in = b.order() == ByteOrder.nativeOrder() ? b : b.duplicate().order(ByteOrder.nativeOrder());
        int start = in.position();
        int family = in.get(start) & 0xff;
        TcMsg m = new TcMsg(family, in.getInt(start + 4), in.getInt(start + 8), in.getInt(start + 12),
                in.getInt(start + 16));
        b.position(start + LENGTH);
        return m;
    }
}
