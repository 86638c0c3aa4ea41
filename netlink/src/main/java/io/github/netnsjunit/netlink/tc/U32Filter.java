package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code u32} classifier: packets of one EtherType whose 32-bit words at fixed offsets of the network header
 * match every key go to a class. {@code tc filter add dev LINK parent 1: protocol ip prio 1 u32 match ip dst
 * 10.0.0.0/24 match ip protocol 6 0xff match ip dport 8080 0xffff flowid 1:1} is
 * {@code TCA_OPTIONS {TCA_U32_CLASSID, TCA_U32_SEL}}, the selector being {@code struct tc_u32_sel} (16 bytes:
 * flags {@code TC_U32_TERMINAL}, offshift, nkeys, offmask, off, offoff, hoff, hmask) and {@code nkeys} of
 * {@code struct tc_u32_key {be32 mask, val; s32 off, offmask}}. Keys are packed as iproute2's {@code pack_key}
 * does ({@code f_u32.c}): a byte or 16-bit match goes into the aligned word holding it, and matches falling in the
 * same word share one key (source and destination ports are one key at offset 20), in the order they were first
 * given, so that requests equal {@code tc}'s byte for byte.
 *
 * @param ethProtocol the EtherType the filter is attached for ({@code ETH_P_IP}, {@code ETH_P_IPV6})
 * @param prio        the filter's priority (lower first)
 * @param classId     the class matching packets go to ({@code major << 16 | minor})
 * @param keys        the keys, all of which must match
 */
public record U32Filter(int ethProtocol, int prio, int classId, List<Key> keys) {
    /** {@code RTM_NEWTFILTER}. */
    public static final int RTM_NEWTFILTER = 44;
    public static final int TCA_U32_CLASSID = 1;
    public static final int TCA_U32_SEL = 5;
    private static final int TC_U32_TERMINAL = 1;

    /** One key: {@code (word at off) & mask == val}, in network byte order. */
    public record Key(int mask, int val, int off) {
    }

    /** Copies the keys. */
    public U32Filter {
        keys = List.copyOf(keys);
    }

    /** A filter with no keys yet. */
    public static Builder builder(int ethProtocol, int prio, int classId) {
        return new Builder(ethProtocol, prio, classId);
    }

    /** Writes {@code TCA_OPTIONS}' content. */
    public void writeOptions(MessageWriter w) {
        w.attrU32(TCA_U32_CLASSID, classId);
        int sel = w.beginNest(TCA_U32_SEL);
        w.u8(TC_U32_TERMINAL).u8(0).u8(keys.size()).u8(0);
        w.u16(0).u16(0).u16(0).u16(0).u32(0); // offmask, off, offoff, hoff, hmask: no variable offsets, no hashing
        for (Key k : keys) {
            w.u32(Integer.reverseBytes(k.mask)).u32(Integer.reverseBytes(k.val)).u32(k.off).u32(0);
        }
        w.endNest(sel);
    }

    /** The {@code tcm_info} of the request: priority and protocol ({@code TC_H_MAKE(prio << 16, htons(proto))}). */
    int info() {
        return prio << 16 | Short.toUnsignedInt(Short.reverseBytes((short) ethProtocol));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("u32 protocol ").append(ethProtocol == 0x0800 ? "ip" : "ipv6")
                .append(" prio ").append(prio);
        for (Key k : keys) {
            s.append(String.format(" match u32 0x%08x 0x%08x at %d", k.val, k.mask, k.off));
        }
        return s.append(" flowid ").append(Integer.toHexString(classId >>> 16)).append(':')
                .append(Integer.toHexString(classId & 0xffff)).toString();
    }

    /** Collects keys as {@code tc}'s {@code match} arguments do. */
    public static final class Builder {
        private final int ethProtocol;
        private final int prio;
        private final int classId;
        private final List<Key> keys = new ArrayList<>();

        private Builder(int ethProtocol, int prio, int classId) {
            this.ethProtocol = ethProtocol;
            this.prio = prio;
            this.classId = classId;
        }

        /** A byte at {@code off} ({@code match ip protocol 6 0xff} is {@code u8(9, 6, 0xff)}). */
        public Builder u8(int off, int value, int mask) {
            int shift = 24 - 8 * (off & 3);
            return pack((value & mask) << shift, mask << shift, off & ~3);
        }

        /** A 16-bit value at {@code off} ({@code match ip dport 8080 0xffff} is {@code u16(22, 8080, 0xffff)}). */
        public Builder u16(int off, int value, int mask) {
            int shift = (off & 3) == 0 ? 16 : 0;
            return pack((value & mask) << shift, mask << shift, off & ~3);
        }

        /** An address prefix starting at {@code off}: one key per 32-bit word the prefix covers. */
        public Builder address(int off, IpPrefix prefix) {
            byte[] a = prefix.address().getAddress();
            for (int bit = 0; bit < prefix.length(); bit += 32) {
                int i = bit / 8;
                int word = (a[i] & 0xff) << 24 | (a[i + 1] & 0xff) << 16 | (a[i + 2] & 0xff) << 8 | (a[i + 3] & 0xff);
                int left = prefix.length() - bit;
                int mask = left >= 32 ? -1 : -1 << (32 - left);
                pack(word & mask, mask, off + i);
            }
            return this;
        }

        private Builder pack(int val, int mask, int off) {
            for (int i = 0; i < keys.size(); i++) {
                Key k = keys.get(i);
                if (k.off == off) {
                    if (((val ^ k.val) & (mask & k.mask)) != 0) {
                        throw new IllegalArgumentException("u32 matches at offset " + off + " contradict each other");
                    }
                    keys.set(i, new Key(k.mask | mask, k.val | val, off));
                    return this;
                }
            }
            keys.add(new Key(mask, val, off));
            return this;
        }

        /** The filter. */
        public U32Filter build() {
            return new U32Filter(ethProtocol, prio, classId, keys);
        }
    }
}
