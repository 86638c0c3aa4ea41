package io.github.netnsjunit.netlink.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds one or more netlink messages into a growable heap buffer in host byte order: a header, a fixed
 * family header written by its codec (e.g. {@code route.IfAddrMsg}), then attributes, possibly nested.
 * Lengths are patched when a message or nest ends; every message and attribute is padded to 4 bytes.
 *
 * <pre>{@code
 * int msg = w.beginMessage(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK, seq);
 * IfAddrMsg.of(prefix, RT_SCOPE_UNIVERSE, ifindex).write(w);
 * w.attr(IFA_LOCAL, addressBytes);
 * w.endMessage(msg);
 * }</pre>
 */
public final class MessageWriter {
    private ByteBuffer buf;

    /** A writer with a 4 KiB initial buffer. */
    public MessageWriter() {
        this(4096);
    }

    /** A writer with the given initial capacity; it grows as needed. */
    public MessageWriter(int capacity) {
        buf = ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
    }

    /** Forgets everything written, keeping the buffer. */
    public MessageWriter reset() {
        buf.clear();
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return buf.position();
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                    .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    /** Starts a message; returns its start offset for {@link #endMessage(int)}. */
    public int beginMessage(int type, int flags, int seq) {
        ensure(Netlink.NLMSG_HDRLEN);
        int start = buf.position();
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        return start;
    }

    /** Ends the message started at {@code start}: writes its length, pads to 4 bytes. */
    public void endMessage(int start) {
        buf.putInt(start, buf.position() - start);
        pad();
    }

    /** Clears {@code flags} in the header of the message that starts at {@code start}. */
    public void clearFlags(int start, int flags) {
        int at = start + 6;
        buf.putShort(at, (short) (buf.getShort(at) & ~flags));
    }

    /** Appends one byte. */
    public MessageWriter u8(int value) {
        ensure(1);
        buf.put((byte) value);
        return this;
    }

    /** Appends a host-order u16. */
    public MessageWriter u16(int value) {
        ensure(2);
        buf.putShort((short) value);
        return this;
    }

    /** Appends a big-endian u16. */
    public MessageWriter u16be(int value) {
        ensure(2);
        buf.put((byte) (value >>> 8)).put((byte) value);
        return this;
    }

    /** Appends a host-order u32. */
    public MessageWriter u32(int value) {
        ensure(4);
        buf.putInt(value);
        return this;
    }

    /** Appends raw bytes. */
    public MessageWriter bytes(byte[] value) {
        ensure(value.length);
        buf.put(value);
        return this;
    }

    /** Appends {@code count} zero bytes. */
    public MessageWriter zeros(int count) {
        ensure(count);
        for (int i = 0; i < count; i++) {
            buf.put((byte) 0);
        }
        return this;
    }

    private void pad() {
        int padding = Netlink.align(buf.position()) - buf.position();
        zeros(padding);
    }

    private int beginAttr(int type) {
        ensure(4);
        int start = buf.position();
        buf.putShort((short) 0).putShort((short) type);
        return start;
    }

    private MessageWriter endAttr(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        pad();
        return this;
    }

    /** An attribute with raw bytes. */
    public MessageWriter attr(int type, byte[] value) {
        int a = beginAttr(type);
        bytes(value);
        return endAttr(a);
    }

    /** An attribute with no payload (a flag, or an empty nest). */
    public MessageWriter attrEmpty(int type) {
        return endAttr(beginAttr(type));
    }

    /** A u8 attribute. */
    public MessageWriter attrU8(int type, int value) {
        int a = beginAttr(type);
        u8(value);
        return endAttr(a);
    }

    /** A host-order u16 attribute. */
    public MessageWriter attrU16(int type, int value) {
        int a = beginAttr(type);
        u16(value);
        return endAttr(a);
    }

    /** A host-order u32 attribute. */
    public MessageWriter attrU32(int type, int value) {
        int a = beginAttr(type);
        u32(value);
        return endAttr(a);
    }

    /** A big-endian u32 attribute (nftables integers). */
    public MessageWriter attrU32be(int type, int value) {
        int a = beginAttr(type);
        ensure(4);
        buf.order(ByteOrder.BIG_ENDIAN).putInt(value).order(ByteOrder.nativeOrder());
        return endAttr(a);
    }

    /** A big-endian u64 attribute (nftables handles). */
    public MessageWriter attrU64be(int type, long value) {
        int a = beginAttr(type);
        ensure(8);
        buf.order(ByteOrder.BIG_ENDIAN).putLong(value).order(ByteOrder.nativeOrder());
        return endAttr(a);
    }

    /** A NUL-terminated string attribute. */
    public MessageWriter attrString(int type, String value) {
        int a = beginAttr(type);
        bytes(value.getBytes(StandardCharsets.UTF_8));
        u8(0);
        return endAttr(a);
    }

    /** Starts a nested attribute; pass the returned offset to {@link #endNest(int)}. No flag is added here. */
    public int beginNest(int type) {
        return beginAttr(type);
    }

    /** Ends a nested attribute. */
    public MessageWriter endNest(int start) {
        return endAttr(start);
    }

    /** A view of everything written, from 0 to the end of the last message (for sending). */
    public ByteBuffer buffer() {
        ByteBuffer view = buf.duplicate();
        view.flip();
        return view.order(ByteOrder.nativeOrder());
    }

    /** A copy of everything written. */
    public byte[] toByteArray() {
        ByteBuffer view = buffer();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }
}
