package io.github.netnsjunit.netlink.nft;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ready-made connection faults, as pure functions returning {@link NftBatch} content for one namespace (nothing is
 * sent). They select the TCP or UDP flows between this namespace and one peer address where {@code port} is the
 * server's port, whichever side this namespace is: the client (it sends to {@code peer:port}) or the server (the
 * peer connects to its {@code port}). Each recipe fills one table of its own ({@code ip} or {@code ip6}, after the
 * peer's family), so deleting the table undoes exactly the fault; every acting rule carries a {@link Counter}, so
 * what the fault acted on can be read back.
 *
 * <p>How a connection is reset at both ends at once: {@code reject with tcp reset} answers the packet's sender only.
 * Made on output, the sender is the local socket, which fails with ECONNRESET; but a peer that has nothing to send (a
 * reader that acknowledged all it got) would never learn and hang in its read. So the rejected segment is first
 * copied towards the peer ({@link Dup}), and the copy, which crosses the output hook again untracked, is turned into
 * a reset by the first rule of the chain ({@code ct state untracked tcp flags set rst | ack}): its sequence number is
 * the segment's, the one the peer expects next, so the peer's socket fails too (RFC 5961's exact-match check; a
 * retransmitted segment's copy gets a challenge ACK back, which finds no socket here and is answered with a reset).
 * Measured before the copy: a JDK reader reading 1 MiB through {@code resetAfterBytes(100000)} on the writer's side
 * hung in 13 of 40 runs. Resets the kernel sends are never rejected ({@code tcp flags ! rst}). Where the kernel
 * refuses the rewrite (payload writes in a namespace of an unprivileged user namespace: EPERM), there is no copy
 * ({@link PeerCopy#NONE}): the peer learns at its next segment.
 */
public final class ConnectionRules {
    /** Chain names the recipes use. */
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    /** {@code numgen inc} wraps here: after 2^31 connection attempts, far beyond a test. */
    private static final int ATTEMPT_MODULUS = Integer.MAX_VALUE;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_RST = 0x04;
    private static final int TCP_ACK = 0x10;
    /** {@code NFT_META_TIME_NS}: the packet's wall-clock time, nanoseconds since the epoch, host order (u64). */
    private static final int META_TIME_NS = 30;
    /** No time condition. */
    private static final long ALWAYS = -1;

    /** Which traffic of a flow a count or a rewrite concerns, seen from the namespace the rules go into. */
    public enum Traffic {
        /** What this namespace sends to the peer. */
        SENT,
        /** What it receives from the peer. */
        RECEIVED,
        /** Both, added up. */
        BOTH
    }

    /**
     * The selected flows.
     *
     * @param peer     the other end's address
     * @param port     the server's port (1..65535)
     * @param protocol TCP or UDP
     */
    public record Flows(InetAddress peer, int port, TransportProtocol protocol) {
        /** Checks the values. */
        public Flows {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(protocol, "protocol");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, not " + port);
            }
        }

        int family() {
            return Nft.familyOf(peer);
        }
    }

    /**
     * Whether the peer gets a copy of a refused segment as its reset (see the class comment). The kernel refuses
     * payload writes in a namespace of an unprivileged user namespace (EPERM, the sealed rootless mode), where
     * {@link #NONE} is the way left.
     */
    public enum PeerCopy {
        /** Copied to the peer and turned into a reset on its way out: the peer's socket fails at once. */
        AS_RESET,
        /**
         * No copy: the peer learns at its next segment, which the kernel here answers with a reset; a peer with
         * nothing to send (a reader that acknowledged all it got) waits in its read for its own timeout. (A copy sent
         * unchanged was measured as the alternative and dropped: it gives the peer data the fault refused, and a peer
         * whose window it did not fit stayed silent all the same, 2 of 10 downloads.)
         */
        NONE
    }

    /** Which end of the flows this namespace is. */
    private enum Role {
        CLIENT, SERVER
    }

    private ConnectionRules() {
    }

    /**
     * Resets every selected TCP connection at its next segment sent from here (established ones included), and
     * refuses new ones in both roles: {@code ... tcp flags ! rst reject with tcp reset} on output, and on input a
     * peer's SYN to our port is answered with a reset (connection refused).
     */
    public static NftBatch reset(String table, Flows flows) {
        return reset(table, flows, PeerCopy.AS_RESET);
    }

    /** {@link #reset(String, Flows)}, the peer's copy sent {@code copy}. */
    public static NftBatch reset(String table, Flows flows, PeerCopy copy) {
        return resetFrom(table, flows, ALWAYS, copy);
    }

    /**
     * {@link #reset} from a wall-clock time on ({@code meta time > T}, nanoseconds since the epoch, the clock of
     * {@code ktime_get_real_ns} and {@link System#currentTimeMillis()}): before it the rules let everything pass, so
     * a connection lives until its first segment after {@code epochNanos}. No timer runs anywhere: the kernel compares
     * each packet's time.
     */
    public static NftBatch resetFrom(String table, Flows flows, long epochNanos) {
        return resetFrom(table, flows, epochNanos, PeerCopy.AS_RESET);
    }

    /** {@link #resetFrom(String, Flows, long)}, the peer's copy sent {@code copy}. */
    public static NftBatch resetFrom(String table, Flows flows, long epochNanos, PeerCopy copy) {
        tcpOnly(flows);
        NftBatch b = start(table, flows, true, true);
        copiesLeave(b, table, flows, copy);
        for (Role r : Role.values()) {
            List<Expression> e = match(flows, OUTPUT, r);
            e.addAll(flags(TCP_RST, 0));
            e.addAll(after(epochNanos));
            b.add(resettingBothEnds(flows, table, e, copy));
        }
        List<Expression> syn = match(flows, INPUT, Role.SERVER);
        syn.addAll(flags(TCP_SYN | TCP_ACK, TCP_SYN));
        syn.addAll(after(epochNanos));
        b.add(acting(flows, table, INPUT, syn, Reject.tcpReset()));
        return b;
    }

    /**
     * Resets a selected TCP connection at its first segment sent from here once conntrack counted more than
     * {@code bytes} of its {@code traffic} ({@code ct original bytes > N}, IP packets with headers): both sockets
     * get ECONNRESET after this one received or sent about that much (see the class comment).
     */
    public static NftBatch resetAfterBytes(String table, Flows flows, long bytes, Traffic traffic) {
        return resetAfterBytes(table, flows, bytes, traffic, PeerCopy.AS_RESET);
    }

    /** {@link #resetAfterBytes(String, Flows, long, Traffic)}, the peer's copy sent {@code copy}. */
    public static NftBatch resetAfterBytes(String table, Flows flows, long bytes, Traffic traffic, PeerCopy copy) {
        tcpOnly(flows);
        NftBatch b = start(table, flows, true, false);
        copiesLeave(b, table, flows, copy);
        for (Role r : Role.values()) {
            List<Expression> e = match(flows, OUTPUT, r);
            e.addAll(flags(TCP_RST, 0));
            e.addAll(countAbove(CtCounter.BYTES, direction(traffic, r), bytes));
            b.add(resettingBothEnds(flows, table, e, copy));
        }
        return b;
    }

    /**
     * Drops every packet of a selected TCP connection, both ways, once conntrack counted more than {@code bytes} of
     * its {@code traffic}: both ends see silence (no reset, no FIN) and retransmit until their own timeouts.
     */
    public static NftBatch hangAfterBytes(String table, Flows flows, long bytes, Traffic traffic) {
        return hangAfterBytes(table, flows, bytes, traffic, ALWAYS);
    }

    /**
     * {@link #hangAfterBytes(String, Flows, long, Traffic)}, and from the wall-clock time {@code closeAtNanos} on (as
     * in {@link #resetFrom}) the hung connections are reset: this side's next segment is refused with a reset, and
     * the peer's (re)transmissions are let in again so that this side answers them and is reset even when it had
     * nothing to send (what such a segment carries may be read before the reset); the peer's next segment then gets a
     * reset from the kernel. Toxiproxy's {@code timeout} with a timeout. {@code closeAtNanos} -1: never.
     */
    public static NftBatch hangAfterBytes(String table, Flows flows, long bytes, Traffic traffic,
            long closeAtNanos) {
        return hangAfterBytes(table, flows, bytes, traffic, closeAtNanos, PeerCopy.AS_RESET);
    }

    /** {@link #hangAfterBytes(String, Flows, long, Traffic, long)}, the peer's copy sent {@code copy}. */
    public static NftBatch hangAfterBytes(String table, Flows flows, long bytes, Traffic traffic,
            long closeAtNanos, PeerCopy copy) {
        tcpOnly(flows);
        NftBatch b = start(table, flows, true, true);
        if (closeAtNanos != ALWAYS) {
            copiesLeave(b, table, flows, copy);
            // from the close on: what this side sends is refused with a reset (the local socket fails), and what the
            // peer sends is let in, so that this side answers it (and is reset) even when it had nothing to send;
            // the peer's next segment then finds no socket and gets a reset from the kernel
            for (Role r : Role.values()) {
                List<Expression> out = match(flows, OUTPUT, r);
                out.addAll(flags(TCP_RST, 0));
                out.addAll(countAbove(CtCounter.BYTES, direction(traffic, r), bytes));
                out.addAll(after(closeAtNanos));
                b.add(resettingBothEnds(flows, table, out, copy));
                // the kernel's own resets (to the peer's segments once our socket is gone) must leave
                List<Expression> rst = match(flows, OUTPUT, r);
                rst.addAll(flags(TCP_RST, TCP_RST));
                rst.addAll(countAbove(CtCounter.BYTES, direction(traffic, r), bytes));
                rst.addAll(after(closeAtNanos));
                b.add(acting(flows, table, OUTPUT, rst, Immediate.accept()));
                List<Expression> in = match(flows, INPUT, r);
                in.addAll(countAbove(CtCounter.BYTES, direction(traffic, r), bytes));
                in.addAll(after(closeAtNanos));
                b.add(acting(flows, table, INPUT, in, Immediate.accept()));
            }
        }
        for (String chain : List.of(OUTPUT, INPUT)) {
            for (Role r : Role.values()) {
                List<Expression> e = match(flows, chain, r);
                e.addAll(countAbove(CtCounter.BYTES, direction(traffic, r), bytes));
                b.add(acting(flows, table, chain, e, Immediate.drop()));
            }
        }
        return b;
    }

    /**
     * Refuses the next {@code attempts} connection attempts with a reset, then lets every later one through: the
     * SYNs this namespace sends to {@code peer:port} (the client's connect fails with ECONNREFUSED at once) and the
     * SYNs the peer sends to our {@code port} (the peer's connect is refused). {@code numgen inc} numbers the SYNs
     * that reach it, per rule.
     */
    public static NftBatch failFirst(String table, Flows flows, int attempts) {
        tcpOnly(flows);
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        NftBatch b = start(table, flows, true, true);
        List<Expression> out = match(flows, OUTPUT, Role.CLIENT);
        out.addAll(flags(TCP_SYN | TCP_ACK, TCP_SYN));
        out.addAll(numberedBelow(attempts));
        b.add(acting(flows, table, OUTPUT, out, Reject.tcpReset()));
        List<Expression> in = match(flows, INPUT, Role.SERVER);
        in.addAll(flags(TCP_SYN | TCP_ACK, TCP_SYN));
        in.addAll(numberedBelow(attempts));
        b.add(acting(flows, table, INPUT, in, Reject.tcpReset()));
        return b;
    }

    /**
     * Clamps the segment size of new selected TCP connections to {@code mss} by rewriting the MSS option of their
     * SYN and SYN-ACK ({@code tcp option maxseg size set N}): {@link Traffic#RECEIVED} rewrites what this namespace
     * announces (so the peer sends at most {@code mss} bytes per segment), {@link Traffic#SENT} what the peer
     * announces (so we send at most that), {@link Traffic#BOTH} both. Established connections keep their size: it is
     * agreed in the handshake.
     */
    public static NftBatch clampSegments(String table, Flows flows, int mss, Traffic traffic) {
        tcpOnly(flows);
        if (mss < 1 || mss > 65535) {
            throw new IllegalArgumentException("mss must be 1..65535, not " + mss);
        }
        boolean announced = traffic != Traffic.SENT; // ours, rewritten on output
        boolean heard = traffic != Traffic.RECEIVED; // the peer's, rewritten on input
        NftBatch b = start(table, flows, announced, heard);
        for (Role r : Role.values()) {
            if (announced) {
                List<Expression> e = match(flows, OUTPUT, r);
                e.addAll(flags(TCP_SYN, TCP_SYN));
                b.add(acting(flows, table, OUTPUT, e, Immediate.value(Nft.NFT_REG_1, NftData.be16(mss)),
                        Exthdr.setMaxseg()));
            }
            if (heard) {
                List<Expression> e = match(flows, INPUT, r);
                e.addAll(flags(TCP_SYN, TCP_SYN));
                b.add(acting(flows, table, INPUT, e, Immediate.value(Nft.NFT_REG_1, NftData.be16(mss)),
                        Exthdr.setMaxseg()));
            }
        }
        return b;
    }

    /**
     * Drops the datagrams this namespace receives on a selected UDP flow once conntrack counted more than
     * {@code datagrams} of its {@code traffic} ({@code ct reply packets > N drop} on input). Dropped on arrival, not
     * when sent: a drop on output fails the sender's {@code send} with EPERM, and a lost datagram is silent. To drop
     * what this namespace sends, put the recipe into the receiving namespace.
     */
    public static NftBatch dropDatagramsAfter(String table, Flows flows, long datagrams, Traffic traffic) {
        if (flows.protocol() != TransportProtocol.UDP) {
            throw new IllegalArgumentException("datagram faults are for UDP flows, not " + flows.protocol());
        }
        NftBatch b = start(table, flows, false, true);
        for (Role r : Role.values()) {
            List<Expression> e = match(flows, INPUT, r);
            e.addAll(countAbove(CtCounter.PACKETS, direction(traffic, r), datagrams));
            b.add(acting(flows, table, INPUT, e, Immediate.drop()));
        }
        return b;
    }

    private static void tcpOnly(Flows flows) {
        if (flows.protocol() != TransportProtocol.TCP) {
            throw new IllegalArgumentException("connection faults are for TCP flows, not " + flows.protocol());
        }
    }

    private static NftBatch start(String table, Flows flows, boolean output, boolean input) {
        int family = flows.family();
        NftBatch b = new NftBatch().add(Table.of(family, table));
        if (output) {
            b.add(Chain.filter(family, table, OUTPUT, Nft.NF_INET_LOCAL_OUT, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
        }
        if (input) {
            b.add(Chain.filter(family, table, INPUT, Nft.NF_INET_LOCAL_IN, Nft.PRIORITY_FILTER, Nft.NF_ACCEPT));
        }
        return b;
    }

    /**
     * The first rule of the output chain: the copy {@link #resettingBothEnds} sends the peer, untracked, leaves as a
     * reset ({@code ... ct state untracked tcp flags ! rst tcp flags set rst | ack accept}), never refused by the rules
     * after it. It has no counter: the fault's hits are the segments the other rules acted on. None for
     * {@link PeerCopy#NONE}.
     */
    private static void copiesLeave(NftBatch b, String table, Flows flows, PeerCopy copy) {
        if (copy == PeerCopy.NONE) {
            return;
        }
        for (Role r : Role.values()) {
            List<Expression> e = match(flows, OUTPUT, r);
            e.add(Ct.state());
            e.add(Bitwise.mask(NftData.hostU32(Nft.CT_STATE_UNTRACKED)));
            e.add(new Cmp(Nft.NFT_REG_1, Nft.NFT_CMP_NEQ, new byte[4]));
            e.addAll(flags(TCP_RST, 0));
            e.add(Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 12, 2));
            e.add(new Bitwise(Nft.NFT_REG_1, Nft.NFT_REG_1, new byte[] {(byte) 0xff, 0},
                    new byte[] {0, (byte) (TCP_RST | TCP_ACK)}));
            e.add(PayloadWrite.tcpHeader(12, 2));
            e.add(Immediate.accept());
            b.add(new Rule(flows.family(), table, OUTPUT, e));
        }
    }

    /**
     * {@code MATCHES counter dup to PEER reject with tcp reset}: the local socket is reset, and the copy sent to the
     * peer becomes its reset ({@link #copiesLeave}); {@code MATCHES counter reject with tcp reset} for
     * {@link PeerCopy#NONE}.
     */
    private static Rule resettingBothEnds(Flows flows, String table, List<Expression> matches, PeerCopy copy) {
        if (copy == PeerCopy.NONE) {
            return acting(flows, table, OUTPUT, matches, Reject.tcpReset());
        }
        return acting(flows, table, OUTPUT, matches, Immediate.value(Nft.NFT_REG_1, flows.peer().getAddress()),
                new Dup(Nft.NFT_REG_1), Reject.tcpReset());
    }

    /** The matches, then a counter, then the action: the counter counts exactly what the action hit. */
    private static Rule acting(Flows flows, String table, String chain, List<Expression> matches,
            Expression... action) {
        List<Expression> e = new ArrayList<>(matches);
        e.add(Counter.create());
        e.addAll(List.of(action));
        return new Rule(flows.family(), table, chain, e);
    }

    /**
     * {@code ip daddr PEER tcp dport PORT} (output, client), {@code ip daddr PEER tcp sport PORT} (output, server),
     * {@code ip saddr PEER tcp sport PORT} (input, client), {@code ip saddr PEER tcp dport PORT} (input, server).
     */
    private static List<Expression> match(Flows flows, String chain, Role role) {
        boolean out = chain.equals(OUTPUT);
        boolean v4 = flows.family() == Nft.NFPROTO_IPV4;
        List<Expression> e = new ArrayList<>();
        e.add(out ? (v4 ? Payload.ipDaddr() : Payload.ip6Daddr()) : (v4 ? Payload.ipSaddr() : Payload.ip6Saddr()));
        e.add(Cmp.eq(flows.peer().getAddress()));
        e.add(Meta.load(Nft.NFT_META_L4PROTO));
        e.add(Cmp.eq(new byte[] {(byte) flows.protocol().number()}));
        boolean peerIsServer = role == Role.CLIENT;
        // the peer's port is the destination of what we send and the source of what we receive
        boolean destinationPort = out == peerIsServer;
        e.add(destinationPort ? Payload.thDport() : Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 0, 2));
        e.add(Cmp.eq(NftData.be16(flows.port())));
        return e;
    }

    /** {@code tcp flags & mask == value} ({@code value} 0 and mask RST: {@code tcp flags ! rst}). */
    private static List<Expression> flags(int mask, int value) {
        List<Expression> e = new ArrayList<>();
        e.add(Payload.load(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, 13, 1));
        e.add(Bitwise.mask(new byte[] {(byte) mask}));
        e.add(Cmp.eq(new byte[] {(byte) value}));
        return e;
    }

    /** {@code ct [dir] bytes|packets > n}: load, to network order, compare as 8 big-endian bytes. */
    private static List<Expression> countAbove(int key, int direction, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a count must not be negative, not " + n);
        }
        return new ArrayList<>(List.of(new CtCounter(key, direction, Nft.NFT_REG_1), Byteorder.hton(8),
                new Cmp(Nft.NFT_REG_1, Nft.NFT_CMP_GT, ByteBuffer.allocate(8).putLong(n).array())));
    }

    /** {@code meta time > epochNanos} (nothing for {@link #ALWAYS}). */
    private static List<Expression> after(long epochNanos) {
        if (epochNanos == ALWAYS) {
            return new ArrayList<>();
        }
        return new ArrayList<>(List.of(Meta.load(META_TIME_NS), Byteorder.hton(8),
                new Cmp(Nft.NFT_REG_1, Nft.NFT_CMP_GT, ByteBuffer.allocate(8).putLong(epochNanos).array())));
    }

    /** {@code numgen inc mod 2^31-1 < n}: true for the first {@code n} packets that reach it. */
    private static List<Expression> numberedBelow(int n) {
        return new ArrayList<>(List.of(Numgen.incremental(ATTEMPT_MODULUS), Byteorder.hton(4),
                new Cmp(Nft.NFT_REG_1, Nft.NFT_CMP_LT, ByteBuffer.allocate(4).putInt(n).array())));
    }

    /** The conntrack direction of {@code traffic}: the client's sending direction is the original one. */
    private static int direction(Traffic traffic, Role role) {
        return switch (traffic) {
            case BOTH -> CtCounter.BOTH;
            case SENT -> role == Role.CLIENT ? CtCounter.ORIGINAL : CtCounter.REPLY;
            case RECEIVED -> role == Role.CLIENT ? CtCounter.REPLY : CtCounter.ORIGINAL;
        };
    }
}
