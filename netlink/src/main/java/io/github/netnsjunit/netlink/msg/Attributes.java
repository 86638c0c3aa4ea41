package io.github.netnsjunit.netlink.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The attributes of a message or of a nest, in wire order. Types are masked with {@link Netlink#NLA_TYPE_MASK}
 * (kernel replies set NLA_F_NESTED on nests). Repeated types are kept; {@link #get(int)} returns the first.
 */
public final class Attributes {
    /** One attribute: its masked type and payload (host byte order view). */
    public record Attribute(int type, ByteBuffer value) {
        /** The payload as bytes. */
        public byte[] bytes() {
            ByteBuffer v = value.duplicate();
            byte[] out = new byte[v.remaining()];
            v.get(out);
            return out;
        }

        /** The payload as attributes (for nests). */
        public Attributes nested() {
            return Attributes.parse(value);
        }
    }

    private static final Attributes EMPTY = new Attributes(ByteBuffer.allocate(0), new int[0], 0);

    /** The parsed region, in host byte order. */
    private final ByteBuffer region;
    /**
     * Three ints per attribute: masked type, start and length of its value in {@link #region}. Kept as offsets,
     * not as buffer views: a link notification has some fifty attributes and a reader usually wants five.
     */
    private final int[] index;
    private final int count;

    private Attributes(ByteBuffer region, int[] index, int count) {
        this.region = region;
        this.index = index;
        this.count = count;
    }

    /** Parses attributes from the buffer's position to its limit. */
    public static Attributes parse(ByteBuffer source) {
        ByteBuffer r = source.slice().order(ByteOrder.nativeOrder());
        int[] index = new int[48];
        int count = 0;
        int at = 0;
        int end = r.limit();
        while (end - at >= 4) {
            int length = r.getShort(at) & 0xffff;
            int type = r.getShort(at + 2) & Netlink.NLA_TYPE_MASK;
            if (length < 4 || length > end - at) {
                break;
            }
            if (3 * count + 3 > index.length) {
                index = java.util.Arrays.copyOf(index, index.length * 2);
            }
            index[3 * count] = type;
            index[3 * count + 1] = at + 4;
            index[3 * count + 2] = length - 4;
            count++;
            at = Math.min(end, at + Netlink.align(length));
        }
        return count == 0 ? EMPTY : new Attributes(r, index, count);
    }

    /** Every attribute in order. */
    public List<Attribute> all() {
        List<Attribute> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(attribute(i));
        }
        return List.copyOf(out);
    }

    private Attribute attribute(int i) {
        return new Attribute(index[3 * i], view(i));
    }

    private ByteBuffer view(int i) {
        int start = index[3 * i + 1];
        return region.duplicate().position(start).limit(start + index[3 * i + 2]).slice().order(ByteOrder.nativeOrder());
    }

    /** Position of the first attribute of this type, or -1. */
    private int find(int type) {
        for (int i = 0; i < count; i++) {
            if (index[3 * i] == type) {
                return i;
            }
        }
        return -1;
    }

    /** The first attribute of this type. */
    public Optional<Attribute> get(int type) {
        int i = find(type);
        return i < 0 ? Optional.empty() : Optional.of(attribute(i));
    }

    /** True if an attribute of this type is present. */
    public boolean has(int type) {
        return find(type) >= 0;
    }

    /** A u8 attribute, or {@code fallback}. */
    public int u8(int type, int fallback) {
        int i = find(type);
        return i < 0 ? fallback : region.get(index[3 * i + 1]) & 0xff;
    }

    /** A host-order u16 attribute, or {@code fallback}. */
    public int u16(int type, int fallback) {
        int i = find(type);
        return i < 0 ? fallback : region.getShort(index[3 * i + 1]) & 0xffff;
    }

    /** A host-order u32 attribute, or {@code fallback}. */
    public int u32(int type, int fallback) {
        int i = find(type);
        return i < 0 ? fallback : region.getInt(index[3 * i + 1]);
    }

    /** A big-endian u32 attribute, or {@code fallback}. */
    public int u32be(int type, int fallback) {
        int i = find(type);
        return i < 0 ? fallback : view(i).order(ByteOrder.BIG_ENDIAN).getInt(0);
    }

    /** A big-endian u64 attribute, or {@code fallback}. */
    public long u64be(int type, long fallback) {
        int i = find(type);
        return i < 0 ? fallback : view(i).order(ByteOrder.BIG_ENDIAN).getLong(0);
    }

    /** A NUL-terminated string attribute, or null. */
    public String string(int type) {
        int i = find(type);
        if (i < 0) {
            return null;
        }
        int start = index[3 * i + 1];
        int end = start + index[3 * i + 2];
        int n = start;
        while (n < end && region.get(n) != 0) {
            n++;
        }
        byte[] b = new byte[n - start];
        region.get(start, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A raw attribute's bytes, or null. */
    public byte[] bytes(int type) {
        int i = find(type);
        if (i < 0) {
            return null;
        }
        byte[] b = new byte[index[3 * i + 2]];
        region.get(index[3 * i + 1], b);
        return b;
    }

    /** A nested attribute's content, or empty attributes. */
    public Attributes nested(int type) {
        int i = find(type);
        return i < 0 ? EMPTY : parse(view(i));
    }
}
