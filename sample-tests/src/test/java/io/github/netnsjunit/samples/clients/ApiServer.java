package io.github.netnsjunit.samples.clients;

import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.VethPair;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The topology of every client sample, in the style that suits real client libraries: the client code stays on
 * JUnit's thread in {@code host} (the JVM's own namespace, where every thread a library makes is born), and each
 * test's server runs in namespace {@code srv}, called {@code api}, at the other end of a veth. With
 * {@code netns.junit.jvmNamespace=private} (or a sealed test JVM, {@code -Psealed}) {@code host} is a private
 * namespace of the test JVM, so nothing here touches the machine's network.
 */
@Retention(RUNTIME)
@Target(ElementType.TYPE)
@NetNamespace(value = "srv", hostnames = Api.NAME)
@VethPair(name = "to-api", namespace = "host", address = "198.18.7.1/24",
          peer = "eth0", peerNamespace = "srv", peerAddress = Api.ADDRESS + "/24")
@interface ApiServer {
}
