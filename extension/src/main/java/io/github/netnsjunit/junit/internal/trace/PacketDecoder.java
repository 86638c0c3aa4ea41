package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Internal: decodes Ethernet frames into {@link Packet}s, with a summary in tcpdump's words ({@code ARP, Request
 * who-has 192.168.2.1 tell 192.168.2.11}, {@code IP 172.18.0.3 > 172.18.0.2: ICMP echo request, id 7, seq 1},
 * {@code IP 172.18.0.3.40000 > 172.18.0.2.80: Flags [S]}) so that the account reads like the seeds' captures.
 * Frames it does not understand become {@link Packet.Kind#OTHER}.
 */
final class PacketDecoder {
    private static final int ETH_HEADER = 14;
    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_ARP = 0x0806;
    private static final int ETH_P_IPV6 = 0x86DD;
    private static final int ETH_P_8021Q = 0x8100;

    private PacketDecoder() {
    }

    static Packet decode(String namespace, String link, boolean outgoing, long nanos, byte[] frame) {
        try {
            return decodeEthernet(namespace, link, outgoing, nanos, ByteBuffer.wrap(frame));
        } catch (RuntimeException truncated) {
            return other(namespace, link, outgoing, nanos, "truncated frame of " + frame.length + " bytes");
        }
    }

    private static Packet decodeEthernet(String ns, String link, boolean out, long nanos, ByteBuffer b) {
        if (b.remaining() < ETH_HEADER) {
            return other(ns, link, out, nanos, "runt frame");
        }
        int type = b.getShort(12) & 0xFFFF;
        int l3 = ETH_HEADER;
        if (type == ETH_P_8021Q) {
            type = b.getShort(16) & 0xFFFF;
            l3 += 4;
        }
        return switch (type) {
            case ETH_P_ARP -> arp(ns, link, out, nanos, b, l3);
            case ETH_P_IP -> ipv4(ns, link, out, nanos, b, l3);
            case ETH_P_IPV6 -> ipv6(ns, link, out, nanos, b, l3);
            default -> other(ns, link, out, nanos, String.format("ethertype 0x%04x", type));
        };
    }

    private static Packet arp(String ns, String link, boolean out, long nanos, ByteBuffer b, int at) {
        int op = b.getShort(at + 6) & 0xFFFF;
        byte[] senderMac = bytes(b, at + 8, 6);
        InetAddress sender = IpAddresses.fromBytes(bytes(b, at + 14, 4));
        InetAddress target = IpAddresses.fromBytes(bytes(b, at + 24, 4));
        if (op == 1) {
            return new Packet(ns, link, out, nanos, Packet.Kind.ARP_REQUEST, sender, target, -1, -1, null,
                    "ARP, Request who-has " + f(target) + " tell " + f(sender));
        }
        return new Packet(ns, link, out, nanos, Packet.Kind.ARP_REPLY, sender, target, -1, -1, null,
                "ARP, Reply " + f(sender) + " is-at " + MacAddress.of(senderMac));
    }

    private static Packet ipv4(String ns, String link, boolean out, long nanos, ByteBuffer b, int at) {
        int ihl = (b.get(at) & 0x0F) * 4;
        int protocol = b.get(at + 9) & 0xFF;
        InetAddress src = IpAddresses.fromBytes(bytes(b, at + 12, 4));
        InetAddress dst = IpAddresses.fromBytes(bytes(b, at + 16, 4));
        int l4 = at + ihl;
        String head = "IP " + f(src);
        if (protocol == 1) {
            int type = b.get(l4) & 0xFF;
            int code = b.get(l4 + 1) & 0xFF;
            if (type == 8 || type == 0) {
                int id = b.getShort(l4 + 4) & 0xFFFF;
                int seq = b.getShort(l4 + 6) & 0xFFFF;
                return new Packet(ns, link, out, nanos, type == 8 ? Packet.Kind.ECHO_REQUEST : Packet.Kind.ECHO_REPLY,
                        src, dst, id, seq, null, head + " > " + f(dst) + ": ICMP echo " + (type == 8 ? "request" : "reply")
                                + ", id " + id + ", seq " + seq);
            }
            if (type == 3 || type == 11 || type == 12) {
                InetAddress quoted = b.limit() >= l4 + 8 + 20 ? IpAddresses.fromBytes(bytes(b, l4 + 8 + 16, 4)) : null;
                String q = quoted == null ? "?" : f(quoted);
                // tcpdump's words: "ICMP host 10.0.0.9 unreachable", "ICMP net 10.9.0.0 unreachable"
                String what = type == 3 ? unreachable(code, q) : type == 11 ? "time exceeded in-transit"
                        : "parameter problem";
                return new Packet(ns, link, out, nanos, Packet.Kind.ICMP_ERROR, src, dst, -1, -1, quoted,
                        head + " > " + f(dst) + ": ICMP " + what);
            }
            return other(ns, link, out, nanos, head + " > " + f(dst) + ": ICMP type " + type);
        }
        if (protocol == 6) {
            return tcp(ns, link, out, nanos, b, l4, src, dst, "IP ");
        }
        return other(ns, link, out, nanos, head + " > " + f(dst) + ": ip-proto-" + protocol);
    }

    private static Packet ipv6(String ns, String link, boolean out, long nanos, ByteBuffer b, int at) {
        int next = b.get(at + 6) & 0xFF;
        InetAddress src = IpAddresses.fromBytes(bytes(b, at + 8, 16));
        InetAddress dst = IpAddresses.fromBytes(bytes(b, at + 24, 16));
        int l4 = at + 40;
        String head = "IP6 " + f(src);
        if (next == 58) {
            int type = b.get(l4) & 0xFF;
            if (type == 128 || type == 129) {
                int id = b.getShort(l4 + 4) & 0xFFFF;
                int seq = b.getShort(l4 + 6) & 0xFFFF;
                return new Packet(ns, link, out, nanos, type == 128 ? Packet.Kind.ECHO_REQUEST : Packet.Kind.ECHO_REPLY,
                        src, dst, id, seq, null, head + " > " + f(dst) + ": ICMP6, echo " + (type == 128 ? "request" : "reply")
                                + ", id " + id + ", seq " + seq);
            }
            if (type == 135 || type == 136) {
                InetAddress target = IpAddresses.fromBytes(bytes(b, l4 + 8, 16));
                if (type == 135 && src.isAnyLocalAddress()) {
                    // duplicate address detection (RFC 4862 5.4.2: source ::): the kernel probing its own new
                    // address, never answered when all is well; not a resolution on the probe's way
                    return other(ns, link, out, nanos, head + " > " + f(dst)
                            + ": ICMP6, neighbor solicitation, who has " + f(target));
                }
                return type == 135
                        ? new Packet(ns, link, out, nanos, Packet.Kind.ND_SOLICIT, src, target, -1, -1, null,
                                head + " > " + f(dst) + ": ICMP6, neighbor solicitation, who has " + f(target))
                        : new Packet(ns, link, out, nanos, Packet.Kind.ND_ADVERT, target, dst, -1, -1, null,
                                head + " > " + f(dst) + ": ICMP6, neighbor advertisement, tgt is " + f(target));
            }
            if (type >= 1 && type <= 4) {
                InetAddress quoted = b.limit() >= l4 + 8 + 40 ? IpAddresses.fromBytes(bytes(b, l4 + 8 + 24, 16)) : null;
                return new Packet(ns, link, out, nanos, Packet.Kind.ICMP_ERROR, src, dst, -1, -1, quoted,
                        head + " > " + f(dst) + ": ICMP6, " + icmp6Error(type, b.get(l4 + 1) & 0xFF,
                                b.getInt(l4 + 4), quoted == null ? "?" : f(quoted)));
            }
            return other(ns, link, out, nanos, head + " > " + f(dst) + ": ICMP6 type " + type);
        }
        if (next == 6) {
            return tcp(ns, link, out, nanos, b, l4, src, dst, "IP6 ");
        }
        return other(ns, link, out, nanos, head + " > " + f(dst) + ": next-header " + next);
    }

    private static Packet tcp(String ns, String link, boolean out, long nanos, ByteBuffer b, int l4, InetAddress src,
            InetAddress dst, String family) {
        int sport = b.getShort(l4) & 0xFFFF;
        int dport = b.getShort(l4 + 2) & 0xFFFF;
        int flags = b.get(l4 + 13) & 0xFF;
        boolean syn = (flags & 0x02) != 0;
        boolean ack = (flags & 0x10) != 0;
        boolean rst = (flags & 0x04) != 0;
        Packet.Kind kind = rst ? Packet.Kind.TCP_RESET : syn && ack ? Packet.Kind.TCP_SYN_ACK
                : syn ? Packet.Kind.TCP_SYN : Packet.Kind.TCP_OTHER;
        StringBuilder names = new StringBuilder();
        if ((flags & 0x01) != 0) {
            names.append('F');
        }
        if (syn) {
            names.append('S');
        }
        if (rst) {
            names.append('R');
        }
        if ((flags & 0x08) != 0) {
            names.append('P');
        }
        if (ack) {
            names.append('.');
        }
        return new Packet(ns, link, out, nanos, kind, src, dst, sport, dport, null,
                family + f(src) + "." + sport + " > " + f(dst) + "." + dport + ": Flags [" + names + "]");
    }

    /**
     * tcpdump's words for an ICMPv6 error (print-icmp6.c): {@code destination unreachable, unreachable address
     * fd00::9}, {@code destination unreachable, unreachable route fd00:9::1}, {@code packet too big, mtu 1280},
     * {@code time exceeded in-transit for fd00::9}.
     */
    private static String icmp6Error(int type, int code, int word, String quoted) {
        return switch (type) {
            case 1 -> "destination unreachable, " + switch (code) {
                case 0 -> "unreachable route " + quoted;
                case 1 -> "unreachable prohibited " + quoted;
                case 3 -> "unreachable address " + quoted;
                case 4 -> "unreachable port";
                default -> "unreachable code " + code + " " + quoted;
            };
            case 2 -> "packet too big, mtu " + Integer.toUnsignedString(word);
            case 3 -> "time exceeded in-transit" + (code == 0 ? " for " + quoted : " (reassembly)");
            default -> "parameter problem";
        };
    }

    private static String unreachable(int code, String quoted) {
        return switch (code) {
            case 0 -> "net " + quoted + " unreachable";
            case 1 -> "host " + quoted + " unreachable";
            case 3 -> quoted + " port unreachable";
            case 13 -> "host " + quoted + " unreachable - admin prohibited filter";
            default -> quoted + " unreachable, code " + code;
        };
    }

    private static Packet other(String ns, String link, boolean out, long nanos, String text) {
        return new Packet(ns, link, out, nanos, Packet.Kind.OTHER, null, null, -1, -1, null, text);
    }

    private static byte[] bytes(ByteBuffer b, int at, int n) {
        return Arrays.copyOfRange(b.array(), b.arrayOffset() + at, b.arrayOffset() + at + n);
    }

    private static String f(InetAddress a) {
        return IpAddresses.format(a);
    }
}
