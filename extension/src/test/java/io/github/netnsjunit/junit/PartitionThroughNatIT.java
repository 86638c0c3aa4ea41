package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Kernel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Partitions on routed, masqueraded and bridged paths, IPv4 and IPv6 (issue 24 item 1): seed 4's shape ({@code sw}
 * holds the bridge, routes and masquerades to {@code outside}; {@code ns01} and {@code ns02} are bridge ports routed
 * via {@code sw}). The oracle is a UDP receiver in the other namespace that counts what arrives, and
 * {@code nft -j list ruleset} in the forwarding namespace. Before the fix 100 of 100 datagrams from a partitioned
 * {@code ns01} reached {@code outside} through the NAT (partitions dropped on the input hook only).
 */
@NetNamespace(value = "sw", sysctl = {"net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"})
@NetNamespace("ns01")
@NetNamespace("ns02")
@NetNamespace("outside")
@Bridge(name = "br01", namespace = "sw", address = {"192.168.88.1/24", "fd88::1/64"})
@VethPair(name = "veth01", namespace = "ns01", address = {"192.168.88.11/24", "fd88::11/64"},
        peer = "br-veth01", peerNamespace = "sw", peerMaster = "br01")
@VethPair(name = "veth02", namespace = "ns02", address = {"192.168.88.12/24", "fd88::12/64"},
        peer = "br-veth02", peerNamespace = "sw", peerMaster = "br01")
@VethPair(name = "eth0", namespace = "outside", address = {"10.213.3.2/30", "fd99::2/64"},
        peer = "uplink", peerNamespace = "sw", peerAddress = {"10.213.3.1/30", "fd99::1/64"})
@Route(namespace = "ns01", to = "default", via = "192.168.88.1")
@Route(namespace = "ns01", to = "::/0", via = "fd88::1")
@Route(namespace = "ns02", to = "default", via = "192.168.88.1")
@Route(namespace = "ns02", to = "::/0", via = "fd88::1")
@Masquerade(namespace = "sw", source = "192.168.88.0/24", outInterface = "uplink")
@Masquerade(namespace = "sw", source = "fd88::/64", outInterface = "uplink")
class PartitionThroughNatIT {
    private static final int DATAGRAMS = 100;

    /** How many of {@link #DATAGRAMS} numbered datagrams sent from {@code from} the receiver in {@code to} counts. */
    private static int delivered(NetNs from, NetNs to, String toAddress) throws Exception {
        try (DatagramSocket receiver = to.call(() -> new DatagramSocket(new InetSocketAddress(toAddress, 0)))) {
            receiver.setSoTimeout(300);
            from.run(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    for (int i = 0; i < DATAGRAMS; i++) {
                        s.send(new DatagramPacket(new byte[] {(byte) i}, 1,
                                new InetSocketAddress(InetAddress.getByName(toAddress), receiver.getLocalPort())));
                    }
                } catch (java.io.IOException e) {
                    // a send refused on the way out is a datagram not delivered
                }
            });
            int count = 0;
            try {
                while (count < DATAGRAMS) {
                    receiver.receive(new DatagramPacket(new byte[8], 8));
                    count++;
                }
            } catch (SocketTimeoutException e) {
                // the rest did not arrive
            }
            return count;
        }
    }

    @Test
    void aPartitionStopsMasqueradedTrafficInBothFamilies(Topology topology, @Ns("ns01") NetNs ns01,
            @Ns("outside") NetNs outside, @Ns("sw") NetNs sw) throws Exception {
        assertThat(delivered(ns01, outside, "10.213.3.2")).isEqualTo(DATAGRAMS);
        assertThat(delivered(ns01, outside, "fd99::2")).isEqualTo(DATAGRAMS);
        try (Partition p = topology.partition("ns01")) {
            assertThat(delivered(ns01, outside, "10.213.3.2")).isZero();
            assertThat(delivered(ns01, outside, "fd99::2")).isZero();
            assertThat(delivered(outside, ns01, "192.168.88.11")).isZero();
            assertThat(Kernel.nsenter(sw.path(), "nft", "-j", "list", "ruleset").replaceAll("\\s+", ""))
                    .contains("\"hook\":\"forward\"");
        }
        assertThat(delivered(ns01, outside, "10.213.3.2")).isEqualTo(DATAGRAMS);
        assertThat(delivered(ns01, outside, "fd99::2")).isEqualTo(DATAGRAMS);
    }

    @Test
    void aPartitionStopsBridgedTrafficInBothFamilies(Topology topology, @Ns("ns01") NetNs ns01,
            @Ns("ns02") NetNs ns02) throws Exception {
        try (Partition p = topology.partition("ns01")) {
            assertThat(delivered(ns01, ns02, "192.168.88.12")).isZero();
            assertThat(delivered(ns01, ns02, "fd88::12")).isZero();
            assertThat(delivered(ns02, ns01, "192.168.88.11")).isZero();
            assertThat(delivered(ns02, ns01, "fd88::11")).isZero();
        }
        assertThat(delivered(ns01, ns02, "192.168.88.12")).isEqualTo(DATAGRAMS);
        assertThat(delivered(ns01, ns02, "fd88::12")).isEqualTo(DATAGRAMS);
    }

    /** The router itself cut off: nothing is forwarded through it between the namespaces left on the other side. */
    @Test
    void aPartitionedRouterForwardsNothing(Topology topology, @Ns("ns01") NetNs ns01, @Ns("outside") NetNs outside)
            throws Exception {
        try (Partition p = topology.partition("sw")) {
            assertThat(delivered(ns01, outside, "10.213.3.2")).isZero();
            assertThat(delivered(ns01, outside, "fd99::2")).isZero();
        }
        assertThat(delivered(ns01, outside, "10.213.3.2")).isEqualTo(DATAGRAMS);
    }
}
