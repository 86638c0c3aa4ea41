package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * Internal: a validated route.
 *
 * @param to  destination network; "default" is stored as {@code 0.0.0.0/0} or {@code ::/0}
 * @param via gateway, {@code null} for a device route
 * @param dev output link, {@code ""} to let the kernel derive it from {@code via}
 * @param table routing table, {@code 0} for the main one
 */
public record RouteSpec(String namespace, IpPrefix to, InetAddress via, String dev, int table, Origin origin) {

    /** A route of the main table. */
    public RouteSpec(String namespace, IpPrefix to, InetAddress via, String dev, Origin origin) {
        this(namespace, to, via, dev, 0, origin);
    }

    /** Checks the required parts. */
    public RouteSpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(origin, "origin");
    }
}
