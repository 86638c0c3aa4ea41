package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import java.util.List;
import java.util.Objects;

/**
 * Internal: a validated veth pair, one end {@code name} in {@code namespace}, the other {@code peer} in
 * {@code peerNamespace}.
 *
 * @param addresses     addresses of the first end, in declaration order
 * @param peerAddresses addresses of the other end
 * @param master        bridge of the first end in its namespace, {@code ""} for none
 * @param peerMaster    bridge of the other end, {@code ""} for none
 * @param mtu           MTU of both ends, {@code 0} for the kernel default
 * @param mac           MAC of the first end, {@code null} for random
 * @param peerMac       MAC of the other end, {@code null} for random
 * @param peerMtu       MTU of the other end when it differs from {@code mtu}, {@code 0} for as {@code mtu}
 */
public record VethSpec(String name, String namespace, List<IpPrefix> addresses,
                       String peer, String peerNamespace, List<IpPrefix> peerAddresses,
                       String master, String peerMaster, int mtu,
                       MacAddress mac, MacAddress peerMac, Origin origin, int peerMtu) {

    /** Without {@code peerMtu} (0: as {@code mtu}). */
    public VethSpec(String name, String namespace, List<IpPrefix> addresses, String peer, String peerNamespace,
            List<IpPrefix> peerAddresses, String master, String peerMaster, int mtu, MacAddress mac,
            MacAddress peerMac, Origin origin) {
        this(name, namespace, addresses, peer, peerNamespace, peerAddresses, master, peerMaster, mtu, mac, peerMac,
                origin, 0);
    }

    /** The MTU of the other end: {@code peerMtu} when given, else {@code mtu} (0: the kernel default). */
    public int peerEndMtu() {
        return peerMtu != 0 ? peerMtu : mtu;
    }

    /** Copies the lists; only the MACs may be null. */
    public VethSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(peerNamespace, "peerNamespace");
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(peerMaster, "peerMaster");
        Objects.requireNonNull(origin, "origin");
        addresses = List.copyOf(addresses);
        peerAddresses = List.copyOf(peerAddresses);
    }
}
