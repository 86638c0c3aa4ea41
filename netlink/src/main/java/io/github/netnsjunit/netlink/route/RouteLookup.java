package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import java.net.InetAddress;
import java.util.Objects;

/**
 * {@code ip route get DESTINATION [from SOURCE] [iif LINK] [oif LINK] [mark MARK] [fibmatch]} as one RTM_GETROUTE request: the
 * kernel answers with the route it would use (one RTM_NEWROUTE, parsed as a {@link RouteEntry}), through the routing
 * policy rules and every table, or with an error (ENETUNREACH when no route covers the destination, EHOSTUNREACH
 * for an {@code unreachable} route, EACCES for {@code prohibit}, EINVAL for {@code blackhole}:
 * {@code net/ipv4/fib_semantics.c}, {@code fib_props}). {@link RouteClient#lookup} sends it.
 *
 * <p>The request is what iproute2 6.1 sends (compared byte for byte in {@code RouteLookupTest}): flags
 * {@code NLM_F_REQUEST} only (the answer is the route or an error, never an ACK), {@code struct rtmsg} with the
 * family, {@code rtm_dst_len} (and {@code rtm_src_len}) the full address length and {@code RTM_F_LOOKUP_TABLE};
 * then {@code RTA_DST}, {@code RTA_SRC}, {@code RTA_IIF}, {@code RTA_OIF}, {@code RTA_MARK} in that order ({@code iproute2
 * ip/iproute.c}, {@code iproute_get}). With {@code fibMatch} the kernel answers with the table entry that matched
 * ({@code 10.1.0.0/16 dev v0 proto kernel scope link}), without it with the /32 result
 * ({@code 10.1.2.3 dev v0 src 10.1.0.2}).
 *
 * @param destination the address to route to
 * @param source      the source address to route from ({@code from}), or null
 * @param inIndex     ifindex the packet arrived on ({@code iif}: the kernel routes it as a forwarded packet, as
 *                    {@code ip_route_input} does, so policy rules with {@code iif} apply; a namespace with
 *                    forwarding off answers EHOSTUNREACH), or 0 for a packet of the namespace itself
 * @param outIndex    ifindex the route must leave through ({@code oif}), or 0
 * @param mark        fwmark of the lookup ({@code mark}), or 0
 * @param fibMatch    answer with the matching FIB entry ({@code fibmatch})
 */
public record RouteLookup(InetAddress destination, InetAddress source, int inIndex, int outIndex, int mark,
        boolean fibMatch) {
    /** Checks the addresses are of one family. */
    public RouteLookup {
        Objects.requireNonNull(destination, "destination");
        if (source != null && AddressFamily.of(source) != AddressFamily.of(destination)) {
            throw new IllegalArgumentException("source " + source + " and destination " + destination
                    + " are of different families");
        }
    }

    /** {@code ip route get DESTINATION}. */
    public static RouteLookup to(InetAddress destination) {
        return new RouteLookup(destination, null, 0, 0, 0, false);
    }

    /** The same with {@code from SOURCE}. */
    public RouteLookup from(InetAddress source) {
        return new RouteLookup(destination, source, inIndex, outIndex, mark, fibMatch);
    }

    /** The same with {@code iif} (an ifindex): the lookup of a packet that arrived on that link. */
    public RouteLookup arrivingOn(int ifindex) {
        return new RouteLookup(destination, source, ifindex, outIndex, mark, fibMatch);
    }

    /** The same with {@code oif} (an ifindex). */
    public RouteLookup through(int ifindex) {
        return new RouteLookup(destination, source, inIndex, ifindex, mark, fibMatch);
    }

    /** The same with {@code mark}. */
    public RouteLookup withMark(int fwmark) {
        return new RouteLookup(destination, source, inIndex, outIndex, fwmark, fibMatch);
    }

    /** The same with {@code fibmatch}: the answer is the table entry that matched. */
    public RouteLookup matchingEntry() {
        return new RouteLookup(destination, source, inIndex, outIndex, mark, true);
    }

    /** The netlink flags of the request: {@code NLM_F_REQUEST} only. */
    public static int flags() {
        return Netlink.NLM_F_REQUEST;
    }

    /** Writes the body after the netlink header: {@code struct rtmsg} and the attributes. */
    public void write(MessageWriter w) {
        int family = AddressFamily.of(destination);
        int bits = destination.getAddress().length * 8;
        int flags = Rtnl.RTM_F_LOOKUP_TABLE | (fibMatch ? Rtnl.RTM_F_FIB_MATCH : 0);
        new RtMsg(family, bits, source == null ? 0 : bits, 0, 0, 0, 0, 0, flags).write(w);
        w.attr(Rtnl.RTA_DST, destination.getAddress());
        if (source != null) {
            w.attr(Rtnl.RTA_SRC, source.getAddress());
        }
        if (inIndex != 0) {
            w.attrU32(Rtnl.RTA_IIF, inIndex);
        }
        if (outIndex != 0) {
            w.attrU32(Rtnl.RTA_OIF, outIndex);
        }
        if (mark != 0) {
            w.attrU32(Rtnl.RTA_MARK, mark);
        }
    }

    /** The whole request with sequence number {@code seq}: the bytes {@link RouteClient#lookup} sends. */
    public byte[] bytes(int seq) {
        MessageWriter w = new MessageWriter(64);
        int m = w.beginMessage(Rtnl.RTM_GETROUTE, flags(), seq);
        write(w);
        w.endMessage(m);
        return w.toByteArray();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RTM_GETROUTE ").append(IpAddresses.format(destination));
        if (source != null) {
            sb.append(" from ").append(IpAddresses.format(source));
        }
        if (inIndex != 0) {
            sb.append(" iif ").append(inIndex);
        }
        if (outIndex != 0) {
            sb.append(" oif ").append(outIndex);
        }
        if (mark != 0) {
            sb.append(" mark ").append(mark);
        }
        return sb.append(fibMatch ? " fibmatch" : "").toString();
    }
}
