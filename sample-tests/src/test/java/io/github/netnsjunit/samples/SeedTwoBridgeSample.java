package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.VethPair;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Seed 2 ({@code shared/seeds/002_c1a9f70b932c8324.txt}): a veth pair, one end moved into ns0, then a bridge.
 * The seed works in the machine's own namespace; here namespace {@code root} stands in for it, so the host is
 * never touched.
 */
@NetNamespace("root")
@NetNamespace(value = "ns0", loopback = false)
class SeedTwoBridgeSample {

    /** {@code ip link add veth0-0 type veth peer name veth0-1; ... ip link set veth0-1 netns ns0}. */
    @Nested
    @VethPair(name = "veth0-0", namespace = "root", address = "192.168.100.1/24",
              peer = "veth0-1", peerNamespace = "ns0", peerAddress = "192.168.100.2/24")
    class VethIntoNamespace {

        @Test
        @InNamespace("root")
        void pingsAcrossThePair(NetNs root) {
            assertThat(root).canPing("192.168.100.2");
        }

        /** "新建的ns所有接口是down的,包括环回接口lo": a new namespace cannot ping itself until lo is up. */
        @Test
        @InNamespace("ns0")
        void ownAddressNeedsLoopbackUp(NetNs ns0) {
            assertThat(ns0).cannotPing("192.168.100.2");
            ns0.linkUp("lo");
            assertThat(ns0).canPing("192.168.100.2");
        }
    }

    /** {@code brctl addbr br0; brctl addif br0 veth0-0}: the address stays on the port, and pings stop. */
    @Nested
    @Bridge(name = "br0", namespace = "root")
    @VethPair(name = "veth0-0", namespace = "root", address = "192.168.100.1/24", master = "br0",
              peer = "veth0-1", peerNamespace = "ns0", peerAddress = "192.168.100.2/24", peerMac = "02:00:00:00:01:02")
    class AddressedPortOnABridge {

        @Test
        @InNamespace("root")
        void replyGoesToTheBridgeSoPingFailsButTheBridgeLearnsTheMac(NetNs root) {
            assertThat(root).cannotPing("192.168.100.2");
            // the ARP reply reached br0, which learned veth0-1's MAC on port veth0-0
            assertThat(root).bridge("br0").hasLearned("02:00:00:00:01:02");
        }
    }

    /** {@code ip addr del 192.168.100.1/24 dev veth0-0; ip addr add 192.168.100.1/24 dev br0}: pings work again. */
    @Nested
    @Bridge(name = "br0", namespace = "root", address = "192.168.100.1/24")
    @VethPair(name = "veth0-0", namespace = "root", master = "br0",
              peer = "veth0-1", peerNamespace = "ns0", peerAddress = "192.168.100.2/24")
    class AddressMovedToTheBridge {

        @Test
        @InNamespace("root")
        void bridgeAndNamespaceTalk(NetNs root, @Ns("ns0") NetNs ns0) {
            assertThat(root).canPing("192.168.100.2").hasLinkUp("br0");
            assertThat(ns0).hasNeighbour("192.168.100.1");
        }
    }
}
