package io.github.netnsjunit.junit.internal.model;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Internal: a validated destination-NAT rule.
 *
 * @param protocol    {@code "tcp"}, {@code "udp"} or {@code "sctp"}, lower case
 * @param port        destination port matched, 1..65535
 * @param to          new destination, built from an IP literal (never unresolved, never looked up)
 * @param inInterface input link to match, {@code ""} for any
 */
public record PortForwardSpec(String namespace, String protocol, int port, InetSocketAddress to,
                              String inInterface, Origin origin) {

    /** Checks all parts are present. */
    public PortForwardSpec {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(inInterface, "inInterface");
        Objects.requireNonNull(origin, "origin");
    }
}
