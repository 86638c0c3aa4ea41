/**
 * The shared test fixtures of netns-junit: internal, not API, never documented as javadoc. Packaged from this
 * package of netns-netlink's test sources as {@code netns-netlink-<version>-tests.jar}, used with test scope by
 * netns-netlink itself, netns-junit and the samples (see the comment in {@code netlink/pom.xml} for why a
 * test-jar and not a module of its own).
 *
 * <ul>
 *   <li>{@link io.github.netnsjunit.netlink.testing.Processes} and
 *       {@link io.github.netnsjunit.netlink.testing.BackgroundProcess}: the one way tests start programs, forked
 *       through {@code JvmNamespace} (the JDK's process reaper is never born in a test namespace), stdout and stderr
 *       drained at the same time.
 *   <li>{@link io.github.netnsjunit.netlink.testing.Oracle} (commands inside a netlink handle's namespace) and
 *       {@link io.github.netnsjunit.netlink.testing.Kernel} (by namespace path, {@code ip -j} parsing, {@code /proc}
 *       views of the JVM's namespaces, fds, threads): the independent oracles.
 *   <li>{@link io.github.netnsjunit.netlink.testing.Tcpdump} and {@link io.github.netnsjunit.netlink.testing.Pcap}:
 *       recording with tcpdump, reading pcap files with or without it.
 *   <li>{@link io.github.netnsjunit.netlink.testing.Veths} and {@link io.github.netnsjunit.netlink.testing.LinkedPair}:
 *       two namespaces joined by a veth pair, built with {@code ip}, with leak checks after each test.
 * </ul>
 */
package io.github.netnsjunit.netlink.testing;
