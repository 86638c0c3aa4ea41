package io.github.netnsjunit.samples;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.PingResult;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Seed 3 ({@code shared/seeds/003_5e6c7c4667378f53.txt}): a veth pair inside one stack; while the peer has no
 * address, ARP goes unanswered; once it has one, {@code ping -I veth0} works. Namespace {@code dev} stands in for
 * the seed's machine.
 */
class SeedThreeVethArpSample {

    /** {@code ip addr add 192.168.2.11/24 dev veth0; ip link set veth0 up; ip link set veth1 up}. */
    @Nested
    @NetNamespace("dev")
    @VethPair(name = "veth0", namespace = "dev", address = "192.168.2.11/24", peer = "veth1", peerNamespace = "dev")
    class PeerWithoutAddress {

        @Test
        @InNamespace("dev")
        void arpIsNeverAnswered(NetNs dev) {
            PingResult ping = dev.ping("192.168.2.1", 2, Duration.ofMillis(500));
            assertThat(ping.received()).isZero();
            // the kernel asked "who-has 192.168.2.1" and nobody answered
            assertThat(dev.neighbours()).noneMatch(n -> IpAddresses.parse("192.168.2.1").equals(n.address()) && n.isResolved());
        }
    }

    /**
     * {@code ip addr add 192.168.2.1/24 dev veth1; ping -c 4 192.168.2.1 -I veth0}, with the seed's note for
     * systems that need accept_local and rp_filter off.
     */
    @Nested
    @NetNamespace(value = "dev", sysctl = {"net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.veth0.rp_filter=0",
            "net.ipv4.conf.veth1.rp_filter=0", "net.ipv4.conf.veth0.accept_local=1", "net.ipv4.conf.veth1.accept_local=1"})
    @VethPair(name = "veth0", namespace = "dev", address = "192.168.2.11/24",
              peer = "veth1", peerNamespace = "dev", peerAddress = "192.168.2.1/24")
    class PeerWithAddress {

        @Test
        @InNamespace("dev")
        void pingThroughVeth0IsAnswered(NetNs dev) {
            PingResult ping = dev.ping("192.168.2.1", 4, Duration.ofSeconds(1), "veth0");
            assertThat(ping).hasNoLoss();
            assertThat(dev).hasNeighbour("192.168.2.1");
        }
    }
}
