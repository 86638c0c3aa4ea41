package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.SharedTopology;
import io.github.netnsjunit.junit.VethPair;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The test classes of {@link SustainedBenchmark}: 1,000 tests on the seed-4 topology, each pinging once from
 * ns01 to ns02, with a fresh topology per test or one shared by the class.
 */
final class SustainedFixtures {
    /** How many tests each fixture has. */
    static final int TESTS = 1000;

    private SustainedFixtures() {
    }

    /** Seed 4: bridge namespace with the gateway address and ip_forward, two namespaces behind it, masquerade. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @NetNamespace("br")
    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @Bridge(name = "br01", namespace = "br", address = "192.168.88.1/24")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24",
              peer = "br-veth01", peerNamespace = "br", peerMaster = "br01")
    @VethPair(name = "veth02", namespace = "ns02", address = "192.168.88.12/24",
              peer = "br-veth02", peerNamespace = "br", peerMaster = "br01")
    @Route(namespace = "ns01", to = "default", via = "192.168.88.1")
    @Route(namespace = "ns02", to = "default", via = "192.168.88.1")
    @Masquerade(namespace = "br", source = "192.168.88.0/24")
    @interface SeedFour {
    }

    static void pingOnce(NetNs ns01) {
        if (ns01.ping("192.168.88.12", 1, Duration.ofSeconds(1)).received() != 1) {
            throw new AssertionError("ns01 could not ping ns02");
        }
    }

    /** A fresh topology for every test (the default scope). */
    @SeedFour
    static class PerTest {
        @RepeatedTest(TESTS)
        @InNamespace("ns01")
        void ping(NetNs ns01) {
            pingOnce(ns01);
        }
    }

    /** One topology for the whole class ({@code @SharedTopology}). */
    @SeedFour
    @SharedTopology
    static class Shared {
        @RepeatedTest(TESTS)
        @InNamespace("ns01")
        void ping(NetNs ns01) {
            pingOnce(ns01);
        }
    }
}
