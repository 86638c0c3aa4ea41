package io.github.netnsjunit.netlink.diag;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * The request of a sock_diag dump of inet sockets: {@code struct inet_diag_req_v2} (linux/inet_diag.h, 56 bytes)
 * after the netlink header of a {@code SOCK_DIAG_BY_FAMILY} message with {@code NLM_F_REQUEST | NLM_F_DUMP}. The
 * socket id (ports, addresses, interface, cookie) stays zero: a dump filters only by family, protocol and states.
 *
 * @param family {@code AF_INET} or {@code AF_INET6}
 * @param protocol {@code IPPROTO_TCP} (6)
 * @param extensions the {@code idiag_ext} bitmask: bit {@code n - 1} asks for attribute {@code n}, e.g.
 *     {@link #INFO} for {@code INET_DIAG_INFO} (struct tcp_info)
 * @param states the {@code idiag_states} bitmask: bit {@code n} for TCP state {@code n} ({@code 1 << 1} is
 *     ESTABLISHED)
 */
public record InetDiagRequest(int family, int protocol, int extensions, int states) {
    /** {@code SOCK_DIAG_BY_FAMILY}: the message type of a request and of each socket in the answer. */
    public static final int SOCK_DIAG_BY_FAMILY = 20;
    /** {@code NETLINK_SOCK_DIAG}: the netlink protocol. */
    public static final int NETLINK_SOCK_DIAG = 4;
    /** {@code IPPROTO_TCP}. */
    public static final int TCP = 6;
    /** {@code INET_DIAG_INFO} (attribute 2): struct tcp_info in the answer. */
    public static final int INFO_ATTRIBUTE = 2;
    /** The {@code idiag_ext} bit for {@link #INFO_ATTRIBUTE}. */
    public static final int INFO = 1 << (INFO_ATTRIBUTE - 1);
    /** Every TCP state, TCP_ESTABLISHED 1 … TCP_NEW_SYN_RECV 12. */
    public static final int ALL_STATES = 0x1ffe;
    /** Every TCP state (TCP_ESTABLISHED 1 … TCP_NEW_SYN_RECV 12) but LISTEN (10): the connections. */
    public static final int CONNECTIONS = ALL_STATES & ~(1 << 10);
    /**
     * LISTEN (10) alone: the kernel then reads only its listener hash, not the connection hash every namespace
     * shares (inet_diag_dump_icsk).
     */
    public static final int LISTENERS = 1 << 10;
    /** The length of the request after the netlink header. */
    public static final int LENGTH = 56;

    /** Writes the request body (call between {@code beginMessage} and {@code endMessage}). */
    public void write(MessageWriter w) {
        w.u8(family).u8(protocol).u8(extensions).u8(0); // sdiag_family, sdiag_protocol, idiag_ext, pad
        w.u32(states);
        // struct inet_diag_sockid: sport, dport (be16), src[4], dst[4] (be32), if (u32), cookie[2] (u32): all zero
        w.zeros(LENGTH - 8);
    }
}
