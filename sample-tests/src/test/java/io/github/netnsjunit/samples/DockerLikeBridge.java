package io.github.netnsjunit.samples;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Seed 4's docker-like bridge, declared once and reused: namespace {@code sw} holds bridge br01 with the gateway
 * address 192.168.88.1/24; ns01 and ns02 each have a veth to a bridge port and a default route via the gateway.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
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
@interface DockerLikeBridge {
}
