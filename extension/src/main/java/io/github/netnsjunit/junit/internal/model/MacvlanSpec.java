package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.route.MacvlanLink;
import java.util.List;
import java.util.Objects;

/**
 * Internal: a validated macvlan {@code name} in {@code namespace}, on the declared link {@code parent} of
 * {@code parentNamespace} (where it is created, then handed to its namespace as a container runtime does).
 *
 * @param mode      how macvlans of one parent reach each other
 * @param addresses its addresses, in declaration order
 * @param mtu       its MTU, {@code 0} for the parent's
 */
public record MacvlanSpec(String name, String namespace, String parent, String parentNamespace, MacvlanLink.Mode mode,
                          List<IpPrefix> addresses, int mtu, Origin origin) {

    /** Copies the list. */
    public MacvlanSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(parentNamespace, "parentNamespace");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(origin, "origin");
        addresses = List.copyOf(addresses);
    }
}
