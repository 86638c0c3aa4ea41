/**
 * Network-isolated JUnit 5 tests: declare a topology of network namespaces with
 * {@link io.github.netnsjunit.junit.NetNamespace}, {@link io.github.netnsjunit.junit.VethPair},
 * {@link io.github.netnsjunit.junit.Bridge}, {@link io.github.netnsjunit.junit.Route},
 * {@link io.github.netnsjunit.junit.Masquerade} and {@link io.github.netnsjunit.junit.PortForward}, or in code
 * with {@link io.github.netnsjunit.junit.NetworkTopology}; run code inside a namespace with
 * {@link io.github.netnsjunit.junit.InNamespace}. Invalid declarations fail with a
 * {@link io.github.netnsjunit.junit.TopologyDeclarationException} listing every problem, before anything is
 * created.
 */
package io.github.netnsjunit.junit;
