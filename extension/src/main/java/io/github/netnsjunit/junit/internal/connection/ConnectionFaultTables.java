package io.github.netnsjunit.junit.internal.connection;

import io.github.netnsjunit.junit.ConnectionFault.Direction;
import io.github.netnsjunit.junit.ConnectionFault.Kind;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.nft.ConnectionRules;
import io.github.netnsjunit.netlink.nft.ConnectionRules.Flows;
import io.github.netnsjunit.netlink.nft.ConnectionRules.PeerCopy;
import io.github.netnsjunit.netlink.nft.ConnectionRules.Traffic;
import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.NftBatch;
import io.github.netnsjunit.netlink.nft.TransportProtocol;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Internal: which namespace gets which rules for a connection fault ({@link ConnectionRules} recipes). TCP faults go into the fault's namespace alone. A UDP drop goes where the datagrams arrive:
 * the fault's namespace for what it receives, the peer's namespace for what it sends (a drop on output would fail
 * the sender's {@code send} with EPERM instead of losing the datagram).
 */
public final class ConnectionFaultTables {
    private ConnectionFaultTables() {
    }

    /**
     * The rules of {@code spec} in table {@code table}, per namespace, in the order they are applied; times are
     * counted from {@code nowMillis} (wall clock, as the kernel's {@code meta time} reads it).
     */
    public static Map<String, NftBatch> plan(ConnectionFaultSpec spec, TopologyModel model, String table,
            long nowMillis) {
        return plan(spec, model, table, nowMillis, PeerCopy.AS_RESET);
    }

    /**
     * {@link #plan(ConnectionFaultSpec, TopologyModel, String, long)}, a reset's copy to the peer sent {@code copy}
     * ({@link PeerCopy#NONE} where the kernel refuses to rewrite it: an unprivileged user namespace).
     */
    public static Map<String, NftBatch> plan(ConnectionFaultSpec spec, TopologyModel model, String table,
            long nowMillis, PeerCopy copy) {
        Map<String, NftBatch> out = new LinkedHashMap<>();
        TransportProtocol protocol = spec.kind() == Kind.DROP_DATAGRAMS_AFTER ? TransportProtocol.UDP
                : TransportProtocol.TCP;
        Flows flows = new Flows(spec.peer(), spec.port(), protocol);
        Traffic traffic = switch (spec.direction()) {
            case BOTH -> Traffic.BOTH;
            case TO_PEER -> Traffic.SENT;
            case FROM_PEER -> Traffic.RECEIVED;
        };
        String ns = spec.namespace();
        switch (spec.kind()) {
            case RESET -> out.put(ns, ConnectionRules.reset(table, flows, copy));
            case RESET_AFTER_MILLIS -> out.put(ns, ConnectionRules.resetFrom(table, flows,
                    (nowMillis + spec.amount()) * 1_000_000L, copy));
            case RESET_AFTER_BYTES -> out.put(ns, ConnectionRules.resetAfterBytes(table, flows, spec.amount(), traffic,
                    copy));
            case HANG_AFTER_BYTES -> out.put(ns, ConnectionRules.hangAfterBytes(table, flows, spec.amount(), traffic,
                    spec.closeAfterMillis() == 0 ? -1 : (nowMillis + spec.closeAfterMillis()) * 1_000_000L, copy));
            case FAIL_FIRST -> out.put(ns, ConnectionRules.failFirst(table, flows, (int) spec.amount()));
            case SLICE -> out.put(ns, ConnectionRules.clampSegments(table, flows, (int) spec.amount(), traffic));
            case DROP_DATAGRAMS_AFTER -> {
                if (spec.direction() != Direction.TO_PEER) {
                    out.put(ns, ConnectionRules.dropDatagramsAfter(table, flows, spec.amount(), traffic));
                }
                if (spec.direction() != Direction.FROM_PEER) {
                    // seen from the peer's namespace: our datagrams are what it receives
                    String peerNs = ConnectionFaultSpec.ownerOf(model, spec.peer());
                    Traffic seen = traffic == Traffic.BOTH ? Traffic.BOTH : Traffic.RECEIVED;
                    NftBatch b = new NftBatch();
                    for (InetAddress ours : model.addressesIn(Set.of(ns))) {
                        if (Nft.familyOf(ours) == Nft.familyOf(spec.peer())) {
                            b.addAll(ConnectionRules.dropDatagramsAfter(table,
                                    new Flows(ours, spec.port(), TransportProtocol.UDP), spec.amount(), seen));
                        }
                    }
                    if (!b.isEmpty()) {
                        out.put(peerNs, b);
                    }
                }
            }
            case DELAY_HANDSHAKE, DELAY_FIRST_BYTE, SLOW_CLOSE, DELAY_DATAGRAMS_AFTER, CLOSE_AFTER_BYTES -> throw new IllegalArgumentException(spec.kind()
                    + " is made by the userspace relay (RelayedConnectionFault), not by nftables rules");
            default -> throw new IllegalStateException("unknown kind " + spec.kind());
        }
        return out;
    }
}
