package io.github.netnsjunit.netlink.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: the header fields and the payload after the 16-byte header (a family header
 * such as ifinfomsg, then attributes). The payload is an independent heap copy in host byte order.
 */
public final class NetlinkMessage {
    private final int type;
    private final int flags;
    private final int seq;
    private final int pid;
    private final ByteBuffer payload;

    private NetlinkMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {
        this.type = type;
        this.flags = flags;
        this.seq = seq;
        this.pid = pid;
        this.payload = payload;
    }

    /** Splits a datagram into its messages, copying each payload. */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer d = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        while (d.remaining() >= Netlink.NLMSG_HDRLEN) {
            int start = d.position();
            int length = d.getInt(start);
            if (length < Netlink.NLMSG_HDRLEN || length > d.remaining()) {
                throw new IllegalArgumentException("malformed netlink message: length " + length
                        + " with " + d.remaining() + " bytes left");
            }
            int type = d.getShort(start + 4) & 0xffff;
            int flags = d.getShort(start + 6) & 0xffff;
            int seq = d.getInt(start + 8);
            int pid = d.getInt(start + 12);
            byte[] payload = new byte[length - Netlink.NLMSG_HDRLEN];
            d.position(start + Netlink.NLMSG_HDRLEN);
            d.get(payload);
            out.add(new NetlinkMessage(type, flags, seq, pid, ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder())));
            d.position(Math.min(d.limit(), start + Netlink.align(length)));
        }
        return out;
    }

    /** nlmsg_type. */
    public int type() {
        return type;
    }

    /** nlmsg_flags. */
    public int flags() {
        return flags;
    }

    /** nlmsg_seq. */
    public int seq() {
        return seq;
    }

    /** nlmsg_pid. */
    public int pid() {
        return pid;
    }

    /** The payload (after the netlink header), positioned at 0, host byte order. */
    public ByteBuffer payload() {
        return payload.duplicate().order(ByteOrder.nativeOrder());
    }

    /** The attributes that follow a family header of {@code headerLength} bytes. */
    public Attributes attributes(int headerLength) {
        ByteBuffer p = payload();
        p.position(Math.min(p.limit(), Netlink.align(headerLength)));
        return Attributes.parse(p.slice().order(ByteOrder.nativeOrder()));
    }

    @Override
    public String toString() {
        return "NetlinkMessage{type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + seq
                + ", payload=" + payload.remaining() + " bytes}";
    }
}
