package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.util.Objects;

/**
 * Internal: a validated source-NAT rule.
 *
 * @param source       source network whose packets are masqueraded
 * @param outInterface output link to match, {@code ""} for any
 */
public record MasqueradeSpec(String namespace, IpPrefix source, String outInterface, Origin origin) {

    /** Checks all parts are present. */
    public MasqueradeSpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outInterface, "outInterface");
        Objects.requireNonNull(origin, "origin");
    }
}
