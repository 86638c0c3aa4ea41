package io.github.netnsjunit.junit.internal.connection;

import io.github.netnsjunit.junit.ConnectionFault.Direction;
import io.github.netnsjunit.junit.ConnectionFault.Kind;
import io.github.netnsjunit.junit.internal.model.Namespaces;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Internal: one checked connection fault, as declared ({@code @ConnectionFault}) or built
 * ({@code NetNs.connections(...)}). {@link #problems} is the one place that says what is wrong with the values, so
 * both forms give the same messages.
 *
 * @param namespace where the rules go: a namespace of the topology
 * @param peer      the other end
 * @param port      the server's port
 * @param kind      the fault
 * @param amount    bytes, attempts, segment size or datagrams
 * @param direction what a count or segment size concerns
 * @param closeAfterMillis for a hang: reset the hung connections from this many ms after apply on; 0 never
 * @param sliceDelayMillis for a slice: the gap the userspace relay keeps between data segments (0 none); for
 *                         DELAY_DATAGRAMS_AFTER: how long each later datagram is held
 */
public record ConnectionFaultSpec(String namespace, InetAddress peer, int port, Kind kind, long amount,
        Direction direction, long closeAfterMillis, long sliceDelayMillis) {
    /** The longest wait a timed fault takes: an hour, far beyond a test. */
    public static final long MAX_MILLIS = 3_600_000;
    /** Below this the kernel raises an announced MSS anyway ({@code net.ipv4.tcp_min_snd_mss} defaults to 48). */
    public static final int MIN_SEGMENT = 48;

    /**
     * Checks the values; the messages name the attribute (as the annotation calls it) and say what to write.
     *
     * @return the problems, empty when the values are good
     */
    public static List<String> problems(TopologyModel model, String namespace, String peer, int port, Kind kind,
            long amount, Direction direction, long closeAfterMillis) {
        return problems(model, namespace, peer, port, kind, amount, direction, closeAfterMillis, 0);
    }

    /** As {@link #problems(TopologyModel, String, String, int, Kind, long, Direction, long)}, with a slice's gap. */
    public static List<String> problems(TopologyModel model, String namespace, String peer, int port, Kind kind,
            long amount, Direction direction, long closeAfterMillis, long sliceDelayMillis) {
        List<String> p = new ArrayList<>();
        if (sliceDelayMillis != 0 && kind != Kind.SLICE && kind != Kind.DELAY_DATAGRAMS_AFTER) {
            p.add("delayMillis " + sliceDelayMillis + " is only for SLICE (the gap between segments) and "
                    + "DELAY_DATAGRAMS_AFTER; leave it out.");
        } else if (kind == Kind.DELAY_DATAGRAMS_AFTER && sliceDelayMillis == 0) {
            p.add("delayMillis 0: DELAY_DATAGRAMS_AFTER needs how long each later datagram is held, 1 to " + MAX_MILLIS
                    + " ms.");
        } else if (sliceDelayMillis < 0 || sliceDelayMillis > MAX_MILLIS) {
            p.add("delayMillis " + sliceDelayMillis + " is outside 0.." + MAX_MILLIS + "; give the milliseconds between"
                    + " two segments, or 0 for none.");
        }
        Set<String> declared = model.namespaceNames();
        if (Namespaces.HOST.equals(namespace)) {
            p.add("namespace \"host\" is the machine's own namespace, whose connections a fault never touches; name a"
                    + " test namespace: " + quoted(declared) + ".");
        } else if (!declared.contains(namespace)) {
            p.add("namespace \"" + namespace + "\" is not declared; the topology's namespaces are: " + quoted(declared)
                    + ".");
        }
        InetAddress address = null;
        try {
            address = IpAddresses.parse(peer);
            if (address.isAnyLocalAddress()) {
                p.add("peer " + peer + " is the unspecified address, which no connection has at its other end; name the"
                        + " peer's address, e.g. \"10.0.0.2\".");
                address = null;
            }
        } catch (IllegalArgumentException e) {
            p.add("peer \"" + peer + "\" is not an IP address (" + e.getMessage() + "); write a literal address such as"
                    + " \"10.0.0.2\" or \"fd00::2\".");
        }
        if (port < 1 || port > 65535) {
            p.add("port " + port + " is outside 1..65535; name the server's port of the connections to fault.");
        }
        switch (kind) {
            case RESET -> {
                if (amount != 0) {
                    p.add("amount " + amount + " means nothing for RESET, which resets every selected connection; "
                            + "leave amount out, or use RESET_AFTER_BYTES.");
                }
            }
            case RESET_AFTER_MILLIS -> {
                if (amount < 1 || amount > MAX_MILLIS) {
                    p.add("amount " + amount + " is not a delay for RESET_AFTER_MILLIS; give the milliseconds before "
                            + "the reset, 1 to " + MAX_MILLIS + " (for a reset at once use RESET).");
                }
            }
            case RESET_AFTER_BYTES, HANG_AFTER_BYTES -> {
                if (amount < 1) {
                    p.add("amount " + amount + " is not a byte count for " + kind + "; give the bytes a connection "
                            + "carries first, at least 1 (for no bytes at all use RESET).");
                }
            }
            case FAIL_FIRST -> {
                if (amount < 1 || amount >= Integer.MAX_VALUE) {
                    p.add("amount " + amount + " is not a number of connection attempts for FAIL_FIRST; give how many"
                            + " attempts fail before one succeeds, 1 to " + (Integer.MAX_VALUE - 1) + ".");
                }
            }
            case SLICE -> {
                if (amount < MIN_SEGMENT || amount > 65535) {
                    p.add("amount " + amount + " is not a segment size for SLICE; give " + MIN_SEGMENT + " to 65535 "
                            + "bytes (the kernel raises a smaller maximum segment size to net.ipv4.tcp_min_snd_mss, "
                            + MIN_SEGMENT + ").");
                }
            }
            case DROP_DATAGRAMS_AFTER -> {
                if (amount < 0) {
                    p.add("amount " + amount + " is not a number of datagrams for DROP_DATAGRAMS_AFTER; give how many"
                            + " pass before the rest are dropped, 0 or more.");
                }
                if (direction != Direction.FROM_PEER && address != null && declared.contains(namespace)
                        && ownerOf(model, address) == null) {
                    p.add("direction " + direction + " drops datagrams where the peer receives them, but " + peer
                            + " is not an address of the topology; use direction = FROM_PEER, or a peer the topology"
                            + " declares (a drop where they are sent would fail the sender's send with EPERM).");
                }
            }
            case DELAY_DATAGRAMS_AFTER -> {
                if (amount < 0) {
                    p.add("amount " + amount + " is not a number of datagrams for DELAY_DATAGRAMS_AFTER; give how many"
                            + " pass before the rest are held, 0 or more.");
                }
            }
            case DELAY_HANDSHAKE, DELAY_FIRST_BYTE, SLOW_CLOSE -> {
                if (amount < 1 || amount > MAX_MILLIS) {
                    p.add("amount " + amount + " is not a delay for " + kind + "; give the milliseconds to hold back, "
                            + "1 to " + MAX_MILLIS + ".");
                }
            }
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
        if (closeAfterMillis != 0 && kind != Kind.HANG_AFTER_BYTES) {
            p.add("closeAfterMillis " + closeAfterMillis + " is only for HANG_AFTER_BYTES (a hang that ends in a "
                    + "reset); leave it out, or use RESET_AFTER_MILLIS for a reset after a time.");
        } else if (closeAfterMillis < 0 || closeAfterMillis > MAX_MILLIS) {
            p.add("closeAfterMillis " + closeAfterMillis + " is outside 0.." + MAX_MILLIS + "; give the milliseconds"
                    + " after which the hung connections are reset, or 0 for never.");
        }
        if ((kind == Kind.RESET || kind == Kind.RESET_AFTER_MILLIS || kind == Kind.FAIL_FIRST
                || kind == Kind.DELAY_HANDSHAKE)
                && direction != Direction.BOTH) {
            p.add("direction " + direction + " means nothing for " + kind + ", which acts on whole connections; "
                    + "leave direction out.");
        }
        return p;
    }

    /**
     * Checks and makes a spec.
     *
     * @throws IllegalArgumentException with every problem, prefixed by {@code call}
     */
    public static ConnectionFaultSpec of(String call, TopologyModel model, String namespace, String peer, int port,
            Kind kind, long amount, Direction direction, long closeAfterMillis, long sliceDelayMillis) {
        List<String> p = problems(model, namespace, peer, port, kind, amount, direction, closeAfterMillis,
                sliceDelayMillis);
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(call + ": " + String.join(" ", p));
        }
        return new ConnectionFaultSpec(namespace, IpAddresses.parse(peer), port, kind, amount, direction,
                closeAfterMillis, sliceDelayMillis);
    }

    /** True for the faults the userspace relay makes (per-flow timing), false for nftables rules. */
    public static boolean byRelay(Kind kind) {
        return kind == Kind.DELAY_HANDSHAKE || kind == Kind.DELAY_FIRST_BYTE || kind == Kind.SLOW_CLOSE
                || kind == Kind.DELAY_DATAGRAMS_AFTER;
    }

    /** True when the userspace relay makes this fault, or a part of it (a slice's gap between segments). */
    public boolean byRelay() {
        return byRelay(kind) || sliceDelayMillis > 0;
    }

    /** The namespace of the topology with {@code address} on one of its links, or null. */
    static String ownerOf(TopologyModel model, InetAddress address) {
        for (String n : model.namespaceNames()) {
            if (model.addressesIn(Set.of(n)).contains(address)) {
                return n;
            }
        }
        return null;
    }

    /** e.g. {@code client: connections with 10.0.0.2 port 8080: reset after 4000 bytes (both directions)}. */
    public String describe() {
        String what = switch (kind) {
            case RESET -> "reset";
            case RESET_AFTER_BYTES -> "reset after " + amount + " bytes" + directionWords();
            case RESET_AFTER_MILLIS -> "reset from " + amount + " ms after the fault began";
            case HANG_AFTER_BYTES -> "hang after " + amount + " bytes" + directionWords()
                    + (closeAfterMillis == 0 ? "" : ", reset from " + closeAfterMillis + " ms after the fault began");
            case FAIL_FIRST -> "fail the first " + amount + " connection attempts";
            case SLICE -> "segments of at most " + amount + " bytes" + (sliceDelayMillis == 0 ? ""
                    : ", " + sliceDelayMillis + " ms apart (userspace relay)") + directionWords();
            case DROP_DATAGRAMS_AFTER -> "drop UDP datagrams after " + amount + directionWords();
            case DELAY_HANDSHAKE -> "connection requests held " + amount + " ms (userspace relay)";
            case DELAY_FIRST_BYTE -> "first data held " + amount + " ms" + directionWords() + " (userspace relay)";
            case DELAY_DATAGRAMS_AFTER -> "UDP datagrams after " + amount + " held " + sliceDelayMillis + " ms"
                    + directionWords() + " (userspace relay)";
            case SLOW_CLOSE -> "close (FIN) held " + amount + " ms" + directionWords() + " (userspace relay)";
        };
        return namespace + ": " + (kind == Kind.DROP_DATAGRAMS_AFTER || kind == Kind.DELAY_DATAGRAMS_AFTER ? "UDP flows" : "connections") + " with "
                + IpAddresses.format(peer) + " port " + port + ": " + what;
    }

    private String directionWords() {
        return switch (direction) {
            case BOTH -> " (both directions)";
            case TO_PEER -> " (sent to the peer)";
            case FROM_PEER -> " (received from the peer)";
        };
    }

    private static String quoted(Set<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
    }
}
