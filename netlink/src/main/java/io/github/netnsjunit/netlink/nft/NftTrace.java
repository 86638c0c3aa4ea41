package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Asks nftables which rule decided the packets to and from one address, in one namespace: a temporary table of
 * ours marks them with {@code meta nftrace set 1} before any other chain sees them (priority -350, before raw at
 * -300, on prerouting and output), and the kernel reports each marked packet's way through every later base
 * chain of every table, foreign ones included, as NFT_MSG_TRACE events to the {@link Nft#NFNLGRP_NFTRACE} group
 * (what {@code nft monitor trace} shows).
 *
 * <p>Nothing outlives {@link #close()}: the table belongs to this session's own netfilter socket
 * ({@code NFT_TABLE_F_OWNER}), so closing the socket deletes it, and the group membership ends with the socket,
 * even if the JVM dies meanwhile. On a kernel without the owner flag the table is deleted explicitly.
 */
public final class NftTrace implements AutoCloseable {
    /**
     * The start of every temporary table's name: {@code netns_junit_trace_<pid>_<n>}, unique per JVM and trace, so
     * that two traces at once (threads of one test, JVMs sharing the host) never meet.
     */
    public static final String TABLE_PREFIX = "netns_junit_trace";
    private static final int PRIORITY = -350;
    private static final java.util.concurrent.atomic.AtomicLong TRACES = new java.util.concurrent.atomic.AtomicLong();

    private final NetlinkSocket socket;
    private final String table;
    private final String namespace;
    private final int family;
    private final boolean deleteOnClose;
    private final List<TraceEvent> events = new ArrayList<>();
    private boolean closed;

    private NftTrace(NetlinkSocket socket, String table, String namespace, int family, boolean deleteOnClose) {
        this.socket = socket;
        this.table = table;
        this.namespace = namespace;
        this.family = family;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts tracing, in {@code ns}, every packet whose source or destination is {@code peer}. */
    public static NftTrace start(NamespaceHandle ns, InetAddress peer) {
        Objects.requireNonNull(peer, "peer");
        NetlinkSocket socket = ns.callUnchecked(() -> NetlinkSocket.open(Netlink.NETLINK_NETFILTER, ns.name()));
        try {
            socket.subscribe(Nft.NFNLGRP_NFTRACE);
            int family = Nft.familyOf(peer);
            String table = TABLE_PREFIX + "_" + Long.toString(io.github.netnsjunit.netlink.internal.sys.Native.getpid(), 36)
                    + "_" + TRACES.incrementAndGet();
            ApplyResult r = new Nftables(socket).apply(batch(family, table, peer));
            return new NftTrace(socket, table, ns.name(), family, r.ownerFlagDropped());
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The table, chains and rules: {@code ip daddr PEER meta nftrace set 1} and the same for {@code ip saddr}. */
    static NftBatch batch(int family, String table, InetAddress peer) {
        boolean v4 = peer instanceof Inet4Address;
        byte[] one = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
        NftBatch b = new NftBatch().add(Table.owned(family, table));
        for (String chain : List.of("prerouting", "output")) {
            int hook = chain.equals("prerouting") ? Nft.NF_INET_PRE_ROUTING : Nft.NF_INET_LOCAL_OUT;
            b.add(Chain.filter(family, table, chain, hook, PRIORITY, Nft.NF_ACCEPT));
            for (Payload field : v4 ? List.of(Payload.ipDaddr(), Payload.ipSaddr())
                    : List.of(Payload.ip6Daddr(), Payload.ip6Saddr())) {
                b.add(Rule.of(family, table, chain, field, Cmp.eq(peer.getAddress()),
                        Immediate.value(Nft.NFT_REG_1, one), MetaSet.nftrace()));
            }
        }
        return b;
    }

    /** The namespace traced. */
    public String namespace() {
        return namespace;
    }

    /**
     * The events received so far, waiting up to {@code waitMillis} for the first one when none came yet (the kernel
     * sends them as the packets pass, so after the probe they are already queued).
     */
    public synchronized List<TraceEvent> events(int waitMillis) {
        if (!closed) {
            List<NetlinkMessage> got = socket.awaitNotifications("NFT_MSG_TRACE", events.isEmpty() ? waitMillis : 0);
            while (!got.isEmpty()) {
                got.forEach(m -> TraceEvent.parse(m).filter(e -> !e.table().startsWith(TABLE_PREFIX)).ifPresent(events::add));
                got = socket.awaitNotifications("NFT_MSG_TRACE", 0);
            }
        }
        return List.copyOf(events);
    }

    /** Removes the table and the subscription (closing the socket does both). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (deleteOnClose) {
                new Nftables(socket).deleteTable(family, table);
            }
        } finally {
            socket.close();
        }
    }
}
