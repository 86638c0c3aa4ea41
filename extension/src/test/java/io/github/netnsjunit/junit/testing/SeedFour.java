package io.github.netnsjunit.junit.testing;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Seed 4's topology ({@code shared/seeds/004_a8cfa9a8f35cb850.txt}), declared once for the tests and the
 * benchmarks: namespace {@code sw} holds bridge {@code br01} with the gateway address 192.168.88.1/24;
 * {@code ns01} (veth01, 192.168.88.11/24) and {@code ns02} (veth02, 192.168.88.12/24) each have a veth whose peer
 * ({@code br-veth01}, {@code br-veth02}) is a port of the bridge, and a default route via the gateway. No NAT:
 * add {@code @Masquerade(namespace = "sw", ...)} next to it where a test needs it.
 *
 * <p>The samples keep their own {@code DockerLikeBridge} on purpose: a sample is read by users, who cannot import
 * an internal fixture; {@code SeedFourFixtureTest} in the samples checks that both declare the same topology.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@NetNamespace("sw")
@NetNamespace("ns01")
@NetNamespace("ns02")
@Bridge(name = "br01", namespace = "sw", address = "192.168.88.1/24")
@VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24",
          peer = "br-veth01", peerNamespace = "sw", peerMaster = "br01")
@VethPair(name = "veth02", namespace = "ns02", address = "192.168.88.12/24",
          peer = "br-veth02", peerNamespace = "sw", peerMaster = "br01")
@Route(namespace = "ns01", to = "default", via = "192.168.88.1")
@Route(namespace = "ns02", to = "default", via = "192.168.88.1")
public @interface SeedFour {
}
