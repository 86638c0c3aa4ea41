package io.github.netnsjunit.netlink.icmp;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * One large ICMP echo request with DF set ({@code ping -M probe -s SIZE-28 -c 1}): what a path with a narrower link
 * does to a packet of the size a sender's link allows. The answer is the echo reply (the path carries it), an ICMP
 * "fragmentation needed" with the next-hop MTU from the router before the narrow link (RFC 1191), EMSGSIZE from the
 * local stack (the sender's own link is narrower), or silence: a path MTU black hole when small packets are
 * answered. IPv6 alike ({@code ping -6 -M probe}): no router fragments, the one before the narrow link answers ICMPv6
 * "packet too big" with its MTU (RFC 8201), reported as {@link Outcome#FRAGMENTATION_NEEDED}.
 *
 * <p>The socket uses {@code IP_PMTUDISC_PROBE}: DF is set and the path MTU the kernel may have learnt for the
 * target is ignored, so the packet has the size asked for even after an earlier "fragmentation needed".
 */
public final class DontFragmentEcho {
    private static final SecureRandom COOKIES = new SecureRandom();
    private static final int IPV4_HEADER = 20;
    private static final int IPV6_HEADER = 40;
    private static final int ICMPV6_PACKET_TOO_BIG = 2;
    private static final int POLL_SLICE_MILLIS = 100;

    private DontFragmentEcho() {
    }

    /** What the large echo came to. */
    public enum Outcome {
        /** The target answered: the path carries packets of this size. */
        REPLIED,
        /**
         * A router answered with ICMP "fragmentation needed", or ICMPv6 "packet too big" (its next-hop MTU is in the
         * result).
         */
        FRAGMENTATION_NEEDED,
        /** Another ICMP error quoting the request. */
        OTHER_ERROR,
        /** sendto(2) failed (EMSGSIZE: larger than the sender's own link). */
        NOT_SENT,
        /** Nothing came back in time. */
        SILENT
    }

    /**
     * The result of one probe.
     *
     * @param outcome     what it came to
     * @param size        the IP packet's total length
     * @param identifier  the echo identifier (to find the request in a capture)
     * @param reporter    the router that sent the ICMP error, or null
     * @param nextHopMtu  the MTU a "fragmentation needed" reported, or 0
     * @param detail      the errno name of a failed send, or the ICMP type/code of another error, or ""
     */
    public record Result(Outcome outcome, int size, int identifier, InetAddress reporter, int nextHopMtu,
            String detail) {
    }

    /** The request's identifier is chosen first, so a capture can pick its frames before the result is known. */
    public static int nextIdentifier() {
        return IcmpEcho.nextIdentifier();
    }

    /**
     * Sends one echo request of {@code size} bytes (IP header included, 44..65535; 64..65535 for IPv6) with DF from
     * {@code ns} to {@code target} and waits up to {@code timeout} for its answer.
     */
    public static Result send(NamespaceHandle ns, InetAddress target, int size, int identifier, Duration timeout) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(target, "target");
        boolean ipv6 = !(target instanceof Inet4Address);
        int header = ipv6 ? IPV6_HEADER : IPV4_HEADER;
        int smallest = header + EchoCodec.HEADER_LENGTH + EchoCodec.FILL_OFFSET;
        if (size < smallest || size > 0xFFFF) {
            throw new IllegalArgumentException("size must be " + smallest + "..65535 bytes, was " + size);
        }
        long cookie = COOKIES.nextLong();
        try (EchoSocket socket = EchoSocket.open(ns, ipv6, null)) {
            socket.dontFragment();
            try {
                socket.send(request(ipv6, identifier, cookie, size - header), SocketAddresses.of(target));
            } catch (SyscallException e) {
                return new Result(Outcome.NOT_SENT, size, identifier, null, 0, e.errnoName());
            }
            byte[] buffer = new byte[65536];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Thread.currentThread().isInterrupted()) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                int n = socket.receive(buffer, (int) Math.min(left, POLL_SLICE_MILLIS));
                IcmpMessage m = n < 0 ? null : ipv6
                        ? IcmpParser.parseV6(buffer, n, SocketAddresses.ipv6From(socket.lastSender()))
                        : IcmpParser.parseV4(buffer, n);
                if (m == null || m.identifier() != identifier || (m.hasCookie() && m.cookie() != cookie)) {
                    continue;
                }
                if (m.reply()) {
                    return new Result(Outcome.REPLIED, size, identifier, m.from(), 0, "");
                }
                if (ipv6 && m.type() == ICMPV6_PACKET_TOO_BIG) {
                    int mtu = java.nio.ByteBuffer.wrap(buffer, 4, 4).getInt(); // RFC 4443 3.2, after type/code/sum
                    return new Result(Outcome.FRAGMENTATION_NEEDED, size, identifier, m.from(), mtu, "");
                }
                if (!ipv6 && m.type() == 3 && m.code() == 4) {
                    int ihl = (buffer[0] & 0x0F) * 4;
                    int mtu = ((buffer[ihl + 6] & 0xFF) << 8) | (buffer[ihl + 7] & 0xFF);
                    return new Result(Outcome.FRAGMENTATION_NEEDED, size, identifier, m.from(), mtu, "");
                }
                return new Result(Outcome.OTHER_ERROR, size, identifier, m.from(), 0,
                        "ICMP type " + m.type() + " code " + m.code());
            }
            return new Result(Outcome.SILENT, size, identifier, null, 0, "");
        }
    }

    /** An echo request of {@code length} bytes: header, timestamp, cookie, then a counting fill. */
    static byte[] request(boolean ipv6, int identifier, long cookie, int length) {
        byte[] small = EchoCodec.request(ipv6, identifier, 1, System.nanoTime(), cookie);
        byte[] packet = new byte[length];
        System.arraycopy(small, 0, packet, 0, Math.min(small.length, length));
        for (int i = small.length; i < length; i++) {
            packet[i] = (byte) i;
        }
        packet[2] = 0;
        packet[3] = 0;
        if (ipv6) {
            return packet; // the kernel sums an ICMPv6 raw socket's packets (pseudo-header included)
        }
        int sum = IcmpChecksum.compute(packet);
        packet[2] = (byte) (sum >>> 8);
        packet[3] = (byte) sum;
        return packet;
    }
}
