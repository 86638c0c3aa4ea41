package io.github.netnsjunit.samples.nemesis;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.FaultsMustHit;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.SeedSweep;
import io.github.netnsjunit.junit.TestSeed;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.nemesis.Nemesis;
import io.github.netnsjunit.junit.nemesis.PartitionShape;
import java.time.Duration;
import java.util.List;

/**
 * Jepsen's "majorities ring" over five nodes on one switch, under two random seeds (a failure names its seed;
 * {@code -Dnetns.junit.seed=N} replays it): every node still hears a majority (itself and two others), no two the
 * same one, and the partition must have dropped something ({@code @FaultsMustHit}), or the test proved nothing.
 * By hand: an {@code iptables -A INPUT -s ... -j DROP} per unheard pair on every node, and a random ring drawn by
 * hand.
 */
@NetNamespace("n1")
@NetNamespace("n2")
@NetNamespace("n3")
@NetNamespace("n4")
@NetNamespace("n5")
@NetNamespace("sw")
@Bridge(name = "br0", namespace = "sw")
@VethPair(name = "eth0", namespace = "n1", address = "10.80.0.1/24", peer = "p1", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "eth0", namespace = "n2", address = "10.80.0.2/24", peer = "p2", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "eth0", namespace = "n3", address = "10.80.0.3/24", peer = "p3", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "eth0", namespace = "n4", address = "10.80.0.4/24", peer = "p4", peerNamespace = "sw", peerMaster = "br0")
@VethPair(name = "eth0", namespace = "n5", address = "10.80.0.5/24", peer = "p5", peerNamespace = "sw", peerMaster = "br0")
class MajoritiesRingSample {
    private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");

    @SeedSweep(count = 2)
    @FaultsMustHit
    void everyNodeStillHearsAMajority(TestSeed seed, Topology topology) {
        try (Nemesis nemesis = Nemesis.on(topology, seed.value())) {
            Partition ring = nemesis.partition(PartitionShape.majoritiesRing(NODES, seed.random()));
            for (String node : NODES) {
                long heard = NODES.stream().filter(other -> !other.equals(node))
                        .filter(other -> topology.namespace(node).ping("10.80.0." + other.substring(1), 1,
                                Duration.ofMillis(300)).received() == 1)
                        .count();
                assertThat(heard + 1).as("%s hears a majority of 5 under %s", node, ring).isEqualTo(3);
            }
            assertThat(ring).wasHit();
        }
    }
}
