package io.github.netnsjunit.junit.internal.model;

import java.util.Objects;

/**
 * Internal: the part of a link's traffic conditions are limited to, as declared (values as written; checked by
 * {@link TrafficScopeRules}): the prefix packets go {@code to} or come {@code from}, a protocol ({@code ANY},
 * {@code TCP}, {@code UDP}, {@code ICMP}), a port on either side, the destination or source port, and the direction ({@code LEAVING}, {@code ARRIVING}, {@code BOTH}).
 */
public record TrafficScope(String to, String from, String protocol, int port, int toPort, int fromPort,
                           String direction) {
    /** All traffic leaving the link. */
    public static final TrafficScope NONE = new TrafficScope("", "", "ANY", 0, 0, 0, "LEAVING");

    /** Rejects nulls. */
    public TrafficScope {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(direction, "direction");
    }

    /** True when it selects some traffic only (the direction aside). */
    public boolean filters() {
        return !to.isBlank() || !from.isBlank() || !protocol.equals("ANY") || port != 0 || toPort != 0 || fromPort != 0;
    }
}
