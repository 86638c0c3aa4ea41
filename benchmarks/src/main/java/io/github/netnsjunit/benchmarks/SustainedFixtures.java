package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.InNamespace;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.SharedTopology;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.testing.SeedFour;
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

    /** Seed 4 (the shared fixture: bridge namespace sw with the gateway, ns01 and ns02 behind it) with masquerade. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @SeedFour
    @Masquerade(namespace = "sw", source = "192.168.88.0/24") // also makes the extension set ip_forward=1 in sw
    @interface SeedFourWithNat {
    }

    static void pingOnce(NetNs ns01) {
        if (ns01.ping("192.168.88.12", 1, Duration.ofSeconds(1)).received() != 1) {
            throw new AssertionError("ns01 could not ping ns02");
        }
    }

    /** A fresh topology for every test (the default scope). */
    @SeedFourWithNat
    static class PerTest {
        @RepeatedTest(TESTS)
        @InNamespace("ns01")
        void ping(NetNs ns01) {
            pingOnce(ns01);
        }
    }

    /** One topology for the whole class ({@code @SharedTopology}). */
    @SeedFourWithNat
    @SharedTopology
    static class Shared {
        @RepeatedTest(TESTS)
        @InNamespace("ns01")
        void ping(NetNs ns01) {
            pingOnce(ns01);
        }
    }

    /**
     * Two namespaces and a veth, no bridge (topology (a) of the topology benchmark), a fresh one per test: the
     * control that shows what the kernel's destruction of a bridge adds to the mean.
     */
    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "veth02",
            peerNamespace = "ns02", peerAddress = "192.168.88.12/24")
    static class PerTestNoBridge {
        @RepeatedTest(TESTS)
        @InNamespace("ns01")
        void ping(NetNs ns01) {
            pingOnce(ns01);
        }
    }
}
