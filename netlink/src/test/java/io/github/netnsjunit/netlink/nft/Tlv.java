package io.github.netnsjunit.netlink.nft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test-only, hand-rolled netlink TLV builder, independent of MessageWriter: expected bytes are spelled out
 * attribute by attribute from the layouts in netlink-reference.md §1.3/§5.
 */
final class Tlv {
    private Tlv() {
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** u16 len (unpadded, host LE) | u16 type | payload | pad to 4. */
    static byte[] attr(int type, byte[] payload) {
        int len = 4 + payload.length;
        byte[] out = new byte[(len + 3) & ~3];
        out[0] = (byte) len;
        out[1] = (byte) (len >> 8);
        out[2] = (byte) type;
        out[3] = (byte) (type >> 8);
        System.arraycopy(payload, 0, out, 4, payload.length);
        return out;
    }

    static byte[] nest(int type, byte[]... children) {
        return attr(type | 0x8000, cat(children));
    }

    static byte[] be32(int type, int value) {
        return attr(type, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
    }

    static byte[] str(int type, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return attr(type, z);
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** DATA nest holding NFTA_DATA_VALUE. */
    static byte[] value(int type, byte[] v) {
        return nest(type, attr(1, v));
    }

    /** NFTA_LIST_ELEM { NAME, DATA { attrs } }. */
    static byte[] expr(String name, byte[]... data) {
        return nest(1, str(1, name), nest(2, data));
    }

    /** nlmsghdr (16 bytes, LE) + body, padded. */
    static byte[] message(int type, int flags, int seq, byte[] body) {
        int len = 16 + body.length;
        byte[] h = {(byte) len, (byte) (len >> 8), 0, 0, (byte) type, (byte) (type >> 8), (byte) flags, (byte) (flags >> 8),
            (byte) seq, (byte) (seq >> 8), 0, 0, 0, 0, 0, 0};
        byte[] m = cat(h, body);
        return cat(m, new byte[((m.length + 3) & ~3) - m.length]);
    }

    static byte[] hex(String text) {
        String s = text.replaceAll("\\s+", "");
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String toHex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            s.append(String.format("%02x", b[i] & 0xff)).append(i % 16 == 15 ? "\n" : " ");
        }
        return s.toString();
    }
}
