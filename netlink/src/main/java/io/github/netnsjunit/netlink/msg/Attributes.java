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

    private static final Attributes EMPTY = new Attributes(List.of());

    private final List<Attribute> list;

    private Attributes(List<Attribute> list) {
        this.list = list;
    }

    /** Parses attributes from the buffer's position to its limit. */
    public static Attributes parse(ByteBuffer region) {
        ByteBuffer r = region.duplicate().order(ByteOrder.nativeOrder());
        List<Attribute> out = new ArrayList<>();
        while (r.remaining() >= 4) {
            int start = r.position();
            int length = r.getShort(start) & 0xffff;
            int type = r.getShort(start + 2) & Netlink.NLA_TYPE_MASK;
            if (length < 4 || length > r.remaining()) {
                break;
            }
            ByteBuffer value = r.duplicate();
            value.position(start + 4).limit(start + length);
            out.add(new Attribute(type, value.slice().order(ByteOrder.nativeOrder())));
            r.position(Math.min(r.limit(), start + Netlink.align(length)));
        }
        return out.isEmpty() ? EMPTY : new Attributes(List.copyOf(out));
    }

    /** Every attribute in order. */
    public List<Attribute> all() {
        return list;
    }

    /** The first attribute of this type. */
    public Optional<Attribute> get(int type) {
        for (Attribute a : list) {
            if (a.type == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** True if an attribute of this type is present. */
    public boolean has(int type) {
        return get(type).isPresent();
    }

    /** A u8 attribute, or {@code fallback}. */
    public int u8(int type, int fallback) {
        return get(type).map(a -> a.value.get(0) & 0xff).orElse(fallback);
    }

    /** A host-order u16 attribute, or {@code fallback}. */
    public int u16(int type, int fallback) {
        return get(type).map(a -> a.value.getShort(0) & 0xffff).orElse(fallback);
    }

    /** A host-order u32 attribute, or {@code fallback}. */
    public int u32(int type, int fallback) {
        return get(type).map(a -> a.value.getInt(0)).orElse(fallback);
    }

    /** A big-endian u32 attribute, or {@code fallback}. */
    public int u32be(int type, int fallback) {
        return get(type).map(a -> a.value.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0)).orElse(fallback);
    }

    /** A big-endian u64 attribute, or {@code fallback}. */
    public long u64be(int type, long fallback) {
        return get(type).map(a -> a.value.duplicate().order(ByteOrder.BIG_ENDIAN).getLong(0)).orElse(fallback);
    }

    /** A NUL-terminated string attribute, or null. */
    public String string(int type) {
        return get(type).map(a -> {
            byte[] b = a.bytes();
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, StandardCharsets.UTF_8);
        }).orElse(null);
    }

    /** A raw attribute's bytes, or null. */
    public byte[] bytes(int type) {
        return get(type).map(Attribute::bytes).orElse(null);
    }

    /** A nested attribute's content, or empty attributes. */
    public Attributes nested(int type) {
        return get(type).map(Attribute::nested).orElse(EMPTY);
    }
}
