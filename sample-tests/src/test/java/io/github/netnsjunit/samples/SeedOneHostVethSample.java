package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import org.junit.jupiter.api.Test;

/**
 * Seed 1's bonus ({@code shared/seeds/001_5c67e36410960d4e.txt}, "host 連上 namespace"): the machine itself
 * reaches ns0 through a second veth pair whose other end stays in the host namespace.
 *
 * <pre>
 * ip link add veth2 type veth peer name veth3
 * ip link set veth2 netns ns0
 * ip netns exec ns0 ip addr add 172.19.0.2/24 dev veth2; ip netns exec ns0 ip link set veth2 up
 * ip addr add 172.19.0.4/24 dev veth3; ip link set veth3 up
 * </pre>
 *
 * The host end gets a unique name ({@code nj<pid>-<random>}) instead of {@code veth3}, and is deleted afterwards.
 */
@NetNamespace("ns0")
@VethPair(name = "veth2", namespace = "ns0", address = "172.19.0.2/24",
          peer = "veth3", peerNamespace = "host", peerAddress = "172.19.0.4/24")
class SeedOneHostVethSample {

    @Test
    void theHostReachesTheNamespaceAndBack(@Ns("host") NetNs host, @Ns("ns0") NetNs ns0) {
        assertThat(host).canPing("172.19.0.2");
        assertThat(ns0).canPing("172.19.0.4").hasNeighbour("172.19.0.4");
    }
}
