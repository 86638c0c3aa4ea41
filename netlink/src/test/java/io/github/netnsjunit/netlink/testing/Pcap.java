package io.github.netnsjunit.netlink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small reader of classic pcap files (what {@code tcpdump -w} and the library's {@code @Capture} write), for
 * tests that must not start {@code tcpdump -r}: written here from the file format, independent of the library's
 * writer. It reads both byte orders and both timestamp resolutions, Ethernet (link type 1) and Linux cooked
 * (113) frames, and decodes what the tests look at: IPv4/IPv6 addresses, the transport protocol and ports, TCP
 * flags, ICMP types, ARP.
 */
public final class Pcap {
    /** pcap link types this reader decodes. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Linux cooked capture v1 (tcpdump -i any). */
    public static final int LINKTYPE_LINUX_SLL = 113;

    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;

    private Pcap() {
    }

    /** One captured packet. */
    public record Packet(long epochNanos, int linkType, byte[] data, int originalLength) {
        /** The EtherType of the payload (0x0800 IPv4, 0x0806 ARP, 0x86dd IPv6 ...), or -1 if too short. */
        public int etherType() {
            int at = linkType == LINKTYPE_ETHERNET ? 12 : 14;
            int type = u16(at);
            if (linkType == LINKTYPE_ETHERNET && type == ETHERTYPE_VLAN) {
                type = u16(16);
            }
            return type;
        }

        /** Where the network-layer header starts. */
        private int networkOffset() {
            if (linkType == LINKTYPE_ETHERNET) {
                return u16(12) == ETHERTYPE_VLAN ? 18 : 14;
            }
            return 16;
        }

        /** The IP header (v4 or v6), if this is an IP packet whose header was captured. */
        public Optional<Ip> ip() {
            int n = networkOffset();
            int type = etherType();
            if (type == ETHERTYPE_IPV4 && data.length >= n + 20 && (data[n] >> 4) == 4) {
                int headerLength = (data[n] & 0x0f) * 4;
                return Optional.of(new Ip(4, address(n + 12, 4), address(n + 16, 4), data[n + 9] & 0xff,
                        n + headerLength));
            }
            if (type == ETHERTYPE_IPV6 && data.length >= n + 40 && ((data[n] & 0xff) >> 4) == 6) {
                return Optional.of(new Ip(6, address(n + 8, 16), address(n + 24, 16), data[n + 6] & 0xff, n + 40));
            }
            return Optional.empty();
        }

        /** The ARP sender and target protocol addresses (IPv4 over Ethernet), if this is ARP. */
        public Optional<Arp> arp() {
            int n = networkOffset();
            if (etherType() != ETHERTYPE_ARP || data.length < n + 28 || u16(n + 2) != ETHERTYPE_IPV4) {
                return Optional.empty();
            }
            return Optional.of(new Arp(u16(n + 6), address(n + 14, 4), address(n + 24, 4)));
        }

        /** Every IPv4 address this packet names: source and destination of IPv4, sender and target of ARP. */
        public List<String> ipv4Addresses() {
            List<String> out = new ArrayList<>();
            ip().filter(ip -> ip.version() == 4).ifPresent(ip -> out.addAll(List.of(ip.source(), ip.destination())));
            arp().ifPresent(arp -> out.addAll(List.of(arp.sender(), arp.target())));
            return out;
        }

        /** TCP source port, destination port and flags byte, if this is TCP whose header was captured. */
        public Optional<Tcp> tcp() {
            return ip().filter(ip -> ip.protocol() == 6 && data.length >= ip.payloadOffset() + 14)
                    .map(ip -> new Tcp(u16(ip.payloadOffset()), u16(ip.payloadOffset() + 2),
                            data[ip.payloadOffset() + 13] & 0xff));
        }

        /** A one-line, tcpdump-like description, for assertion messages. */
        public String summary() {
            Optional<Ip> ip = ip();
            if (ip.isPresent()) {
                Ip i = ip.get();
                Optional<Tcp> tcp = tcp();
                if (tcp.isPresent()) {
                    return "IP" + (i.version() == 6 ? "6 " : " ") + i.source() + "." + tcp.get().sourcePort() + " > "
                            + i.destination() + "." + tcp.get().destinationPort() + ": tcp " + tcp.get().flagNames();
                }
                String what = switch (i.protocol()) {
                    case 1 -> "icmp type " + (data[i.payloadOffset()] & 0xff);
                    case 58 -> "icmp6 type " + (data[i.payloadOffset()] & 0xff);
                    case 17 -> "udp " + u16(i.payloadOffset()) + " > " + u16(i.payloadOffset() + 2);
                    default -> "protocol " + i.protocol();
                };
                return "IP" + (i.version() == 6 ? "6 " : " ") + i.source() + " > " + i.destination() + ": " + what;
            }
            Optional<Arp> arp = arp();
            if (arp.isPresent()) {
                return arp.get().operation() == 1 ? "ARP who-has " + arp.get().target() + " tell " + arp.get().sender()
                        : "ARP " + arp.get().sender() + " is-at (reply to " + arp.get().target() + ")";
            }
            return String.format("ethertype 0x%04x, %d bytes", etherType(), originalLength);
        }

        private int u16(int at) {
            return at + 2 > data.length ? -1 : ((data[at] & 0xff) << 8) | (data[at + 1] & 0xff);
        }

        /** An address as tcpdump prints it: dotted IPv4, or IPv6 in RFC 5952 form ({@code fd09::1}). */
        private String address(int at, int length) {
            if (length == 4) {
                return (data[at] & 0xff) + "." + (data[at + 1] & 0xff) + "." + (data[at + 2] & 0xff) + "."
                        + (data[at + 3] & 0xff);
            }
            int[] groups = new int[8];
            for (int g = 0; g < 8; g++) {
                groups[g] = u16(at + 2 * g);
            }
            // the longest run of two or more zero groups (the first of equals) becomes "::"
            int bestStart = -1;
            int bestLength = 1;
            for (int g = 0; g < 8; ) {
                int end = g;
                while (end < 8 && groups[end] == 0) {
                    end++;
                }
                if (end - g > bestLength) {
                    bestStart = g;
                    bestLength = end - g;
                }
                g = end == g ? g + 1 : end;
            }
            StringBuilder sb = new StringBuilder();
            for (int g = 0; g < 8; g++) {
                if (g == bestStart) {
                    sb.append("::");
                    g += bestLength - 1;
                    continue;
                }
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                    sb.append(':');
                }
                sb.append(Integer.toHexString(groups[g]));
            }
            return sb.toString();
        }
    }

    /** An IP header: version 4 or 6, addresses, the protocol (next header) and where its payload starts. */
    public record Ip(int version, String source, String destination, int protocol, int payloadOffset) {
    }

    /** An ARP message: operation (1 request, 2 reply), sender and target protocol addresses. */
    public record Arp(int operation, String sender, String target) {
    }

    /** A TCP header's ports and flags. */
    public record Tcp(int sourcePort, int destinationPort, int flags) {
        /** True for a SYN without ACK: the first packet of a connection. */
        public boolean isSyn() {
            return (flags & 0x12) == 0x02;
        }

        /** tcpdump's letters: S(YN), F(IN), R(ST), P(USH), .(ACK). */
        public String flagNames() {
            StringBuilder sb = new StringBuilder("[");
            if ((flags & 0x02) != 0) {
                sb.append('S');
            }
            if ((flags & 0x01) != 0) {
                sb.append('F');
            }
            if ((flags & 0x04) != 0) {
                sb.append('R');
            }
            if ((flags & 0x08) != 0) {
                sb.append('P');
            }
            if ((flags & 0x10) != 0) {
                sb.append('.');
            }
            return sb.append(']').toString();
        }
    }

    /** Reads every packet of a pcap file; fails with a clear message on anything else. */
    public static List<Packet> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length < 24) {
            throw new AssertionError(file + " is no pcap file: " + bytes.length + " bytes, less than its 24-byte header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = in.getInt(0);
        }
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            throw new AssertionError(String.format("%s is no classic pcap file (magic 0x%08x)", file, in.getInt(0)));
        }
        long fractionToNanos = magic == MAGIC_NANOS ? 1 : 1000;
        int linkType = in.getInt(20);
        if (linkType != LINKTYPE_ETHERNET && linkType != LINKTYPE_LINUX_SLL) {
            throw new AssertionError(file + ": link type " + linkType + " is not decoded here (1 Ethernet, 113 Linux"
                    + " cooked)");
        }
        List<Packet> packets = new ArrayList<>();
        in.position(24);
        while (in.remaining() >= 16) {
            long seconds = Integer.toUnsignedLong(in.getInt());
            long fraction = Integer.toUnsignedLong(in.getInt());
            int captured = in.getInt();
            int original = in.getInt();
            if (captured < 0 || captured > in.remaining()) {
                throw new AssertionError(file + ": record at byte " + (in.position() - 16) + " claims " + captured
                        + " bytes, " + in.remaining() + " left");
            }
            byte[] data = new byte[captured];
            in.get(data);
            packets.add(new Packet(seconds * 1_000_000_000L + fraction * fractionToNanos, linkType, data, original));
        }
        if (in.hasRemaining()) {
            throw new AssertionError(file + ": " + in.remaining() + " bytes after the last record");
        }
        return packets;
    }
}
