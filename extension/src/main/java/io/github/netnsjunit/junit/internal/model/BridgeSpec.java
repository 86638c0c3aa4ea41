package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * Internal: a validated bridge.
 *
 * @param addresses addresses of the bridge itself, in declaration order
 * @param mtu       its MTU, {@code 0} to follow its ports
 */
public record BridgeSpec(String name, String namespace, List<IpPrefix> addresses, int mtu, Origin origin) {

    /** A bridge whose MTU follows its ports. */
    public BridgeSpec(String name, String namespace, List<IpPrefix> addresses, Origin origin) {
        this(name, namespace, addresses, 0, origin);
    }

    /** Copies the list. */
    public BridgeSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(origin, "origin");
        addresses = List.copyOf(addresses);
    }
}
