package io.github.netnsjunit.netlink.tc;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which packets leaving a link a condition applies to: a destination and/or source prefix, a transport protocol, and
 * ports (source, destination, or either). Everything unset matches anything; {@link #ALL} matches every frame, ARP
 * included. The same value is read by both engines: the userspace relay classifies each frame with
 * {@link #matches(ByteBuffer, int, int)}, the kernel engine steers matching packets with the u32 filters of
 * {@link #u32Filters(int, int)}.
 *
 * <p>A port without a protocol means TCP or UDP. Ports are read from the first IP fragment only (later fragments
 * carry none) and, on IPv6, only when the transport header follows the fixed header directly; the kernel's u32
 * filters read them at the fixed offsets {@code tc}'s {@code match ip dport} uses, which assume an IPv4 header
 * without options (20 bytes), as every packet of the kernel's own stacks here has.
 *
 * @param dst      destination prefix, or null for any
 * @param src      source prefix, or null for any
 * @param protocol the transport protocol
 * @param srcPort  source port, 0 for any
 * @param dstPort  destination port, 0 for any
 * @param eitherPort a port that may be the source or the destination, 0 for none
 */
public record TrafficMatch(IpPrefix dst, IpPrefix src, Protocol protocol, int srcPort, int dstPort, int eitherPort) {
    /** A transport protocol. */
    public enum Protocol {
        /** Any (with a port: TCP or UDP). */
        ANY,
        /** TCP (IP protocol 6). */
        TCP,
        /** UDP (17). */
        UDP,
        /** ICMP (1) on IPv4, ICMPv6 (58) on IPv6. */
        ICMP
    }

    /** Every frame. */
    public static final TrafficMatch ALL = new TrafficMatch(null, null, Protocol.ANY, 0, 0, 0);

    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86DD;

    /** Checks the ports and that the prefixes are of one family. */
    public TrafficMatch {
        if (protocol == null) {
            protocol = Protocol.ANY;
        }
        for (int port : new int[] {srcPort, dstPort, eitherPort}) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is within 0..65535, not " + port);
            }
        }
        if (dst != null && src != null && dst.isIpv4() != src.isIpv4()) {
            throw new IllegalArgumentException("source and destination prefixes of different families never match");
        }
        if (protocol == Protocol.ICMP && (srcPort | dstPort | eitherPort) != 0) {
            throw new IllegalArgumentException("ICMP has no ports");
        }
    }

    /** True when every frame matches. */
    public boolean isAll() {
        return dst == null && src == null && protocol == Protocol.ANY && srcPort == 0 && dstPort == 0 && eitherPort == 0;
    }

    /** The same match seen from the other end of the link: sources and destinations swapped. */
    public TrafficMatch mirrored() {
        return new TrafficMatch(src, dst, protocol, dstPort, srcPort, eitherPort);
    }

    private boolean hasPorts() {
        return srcPort != 0 || dstPort != 0 || eitherPort != 0;
    }

    /**
     * True when the Ethernet frame at {@code l2} (of {@code length} bytes counted from the buffer's start) matches.
     * Frames that are not IP match only {@link #ALL}.
     */
    public boolean matches(ByteBuffer frame, int l2, int length) {
        if (isAll()) {
            return true;
        }
        if (length < l2 + 14) {
            return false;
        }
        int type = u16(frame, l2 + 12);
        int ip = l2 + 14;
        int proto;
        int transport;
        boolean v4;
        if (type == ETH_P_IP && length >= ip + 20) {
            v4 = true;
            int ihl = (frame.get(ip) & 0x0f) * 4;
            proto = frame.get(ip + 9) & 0xff;
            boolean laterFragment = (u16(frame, ip + 6) & 0x1fff) != 0;
            transport = laterFragment ? -1 : ip + ihl;
        } else if (type == ETH_P_IPV6 && length >= ip + 40) {
            v4 = false;
            proto = frame.get(ip + 6) & 0xff;
            transport = ip + 40;
        } else {
            return false;
        }
        if (!inPrefix(dst, frame, v4 ? ip + 16 : ip + 24, v4) || !inPrefix(src, frame, v4 ? ip + 12 : ip + 8, v4)) {
            return false;
        }
        switch (protocol) {
            case TCP -> {
                if (proto != 6) {
                    return false;
                }
            }
            case UDP -> {
                if (proto != 17) {
                    return false;
                }
            }
            case ICMP -> {
                return proto == (v4 ? 1 : 58);
            }
            case ANY -> {
                if (hasPorts() && proto != 6 && proto != 17) {
                    return false;
                }
            }
        }
        if (!hasPorts()) {
            return true;
        }
        if (transport < 0 || length < transport + 4) {
            return false;
        }
        int sport = u16(frame, transport);
        int dport = u16(frame, transport + 2);
        return (srcPort == 0 || sport == srcPort) && (dstPort == 0 || dport == dstPort)
                && (eitherPort == 0 || sport == eitherPort || dport == eitherPort);
    }

    private static boolean inPrefix(IpPrefix prefix, ByteBuffer frame, int at, boolean v4) {
        if (prefix == null) {
            return true;
        }
        if (prefix.isIpv4() != v4) {
            return false;
        }
        byte[] want = prefix.address().getAddress();
        int bits = prefix.length();
        for (int i = 0; i < want.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if (((frame.get(at + i) ^ want[i]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 8 | (b.get(at + 1) & 0xff);
    }

    /**
     * The u32 filters that together select what this matches (a packet matching any of them), each steering to
     * {@code classId}: one per IP family, protocol and port side that can match (a port on either side is two
     * filters, a port without a protocol one for TCP and one for UDP). IPv4 filters get priority {@code prio}, IPv6
     * ones {@code prio + 1}: the kernel keeps one protocol per priority ("Protocol mismatch for filter with specified
     * priority").
     */
    public List<U32Filter> u32Filters(int prio, int classId) {
        List<Boolean> families = new ArrayList<>();
        IpPrefix any = dst != null ? dst : src;
        if (any != null) {
            families.add(any.isIpv4());
        } else {
            families.add(true);
            families.add(false);
        }
        List<Integer> protocols = switch (protocol) {
            case TCP -> List.of(6);
            case UDP -> List.of(17);
            case ICMP -> List.of(-1); // 1 or 58 by family
            case ANY -> hasPorts() ? List.of(6, 17) : List.of(0);
        };
        List<int[]> portSides = new ArrayList<>(); // {sport, dport}
        if (eitherPort != 0) {
            portSides.add(new int[] {eitherPort, dstPort});
            portSides.add(new int[] {srcPort, eitherPort});
        } else {
            portSides.add(new int[] {srcPort, dstPort});
        }
        List<U32Filter> out = new ArrayList<>();
        for (boolean v4 : families) {
            for (int proto : protocols) {
                for (int[] ports : portSides) {
                    U32Filter.Builder f = U32Filter.builder(v4 ? ETH_P_IP : ETH_P_IPV6, v4 ? prio : prio + 1, classId);
                    if (dst != null) {
                        f.address(v4 ? 16 : 24, dst);
                    }
                    if (src != null) {
                        f.address(v4 ? 12 : 8, src);
                    }
                    int p = proto == -1 ? (v4 ? 1 : 58) : proto;
                    if (p != 0) {
                        f.u8(v4 ? 9 : 6, p, 0xff);
                    }
                    if (ports[0] != 0) {
                        f.u16(v4 ? 20 : 40, ports[0], 0xffff);
                    }
                    if (ports[1] != 0) {
                        f.u16(v4 ? 22 : 42, ports[1], 0xffff);
                    }
                    out.add(f.build());
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "all";
        }
        List<String> p = new ArrayList<>();
        if (dst != null) {
            p.add("to " + prefixText(dst));
        }
        if (src != null) {
            p.add("from " + prefixText(src));
        }
        if (protocol != Protocol.ANY) {
            p.add(protocol.name().toLowerCase(Locale.ROOT));
        }
        if (eitherPort != 0) {
            p.add("port " + eitherPort);
        }
        if (srcPort != 0) {
            p.add("sport " + srcPort);
        }
        if (dstPort != 0) {
            p.add("dport " + dstPort);
        }
        return String.join(" ", p);
    }

    private static String prefixText(IpPrefix prefix) {
        return prefix.network().address().getHostAddress() + "/" + prefix.length();
    }
}
