package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Internal: a validated VXLAN endpoint {@code name} in {@code namespace}.
 *
 * @param vni       the VXLAN network identifier, 1..16777215
 * @param local     the outer source address (one of the namespace's declared addresses), or null
 * @param remote    the remote endpoint (unicast) or the multicast group, or null for neither
 * @param device    the underlay link of the namespace, {@code ""} for none
 * @param port      the UDP destination port
 * @param learning  whether source MACs of arriving frames are learnt
 * @param addresses its own (overlay) addresses
 * @param master    the bridge of its namespace it is a port of, {@code ""} for none
 * @param mtu       its MTU, {@code 0} for the kernel's (the underlay's minus 50)
 */
public record VxlanSpec(String name, String namespace, int vni, InetAddress local, InetAddress remote, String device,
                        int port, boolean learning, List<IpPrefix> addresses, String master, int mtu, Origin origin) {

    /** Copies the list; only {@code local} and {@code remote} may be null. */
    public VxlanSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(origin, "origin");
        addresses = List.copyOf(addresses);
    }
}
