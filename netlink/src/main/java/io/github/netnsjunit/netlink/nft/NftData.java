package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Helpers for nft data values (NFTA_DATA_VALUE nests) shared by the expressions. */
final class NftData {
    private NftData() {
    }

    /** Writes {@code type { NFTA_DATA_VALUE bytes }} with the nested flag, as libnftnl does. */
    static void writeValue(MessageWriter w, int type, byte[] value) {
        int nest = w.beginNest(type | Netlink.NLA_F_NESTED);
        w.attr(Nft.NFTA_DATA_VALUE, value);
        w.endNest(nest);
    }

    /** Reads the NFTA_DATA_VALUE inside the nest {@code type}, or an empty array. */
    static byte[] readValue(Attributes a, int type) {
        byte[] v = a.nested(type).bytes(Nft.NFTA_DATA_VALUE);
        return v == null ? new byte[0] : v;
    }

    /** An interface name as the 16 NUL-padded bytes the kernel compares (longer names are refused). */
    static byte[] ifname(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length >= Nft.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name \"" + name + "\" is longer than 15 bytes");
        }
        return Arrays.copyOf(b, Nft.IFNAMSIZ);
    }

    /** A big-endian u16 (ports). */
    static byte[] be16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    /** A host-endian (little-endian on x86/arm64) u32, as {@code ct state} and {@code meta mark} registers hold. */
    static byte[] hostU32(int value) {
        return java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(value).array();
    }

    /** Reads a host-endian u32 from the first bytes (short arrays are zero-extended). */
    static int hostU32(byte[] b) {
        return java.nio.ByteBuffer.wrap(Arrays.copyOf(b, 4)).order(java.nio.ByteOrder.nativeOrder()).getInt();
    }

    /** Lower-case hex without separators. */
    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return s.toString();
    }

    /** The bytes up to the first NUL as text (interface names). */
    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
