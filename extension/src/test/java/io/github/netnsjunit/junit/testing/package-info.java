/**
 * Internal test fixtures that need the extension's annotations (seed 4's topology), shared with the samples and
 * the benchmarks through this module's test-jar ({@code netns-junit-<version>-tests.jar}, this package only). Not
 * API. The fixtures that need only netlink (process runner, kernel oracles, tcpdump, pcap reader) are in
 * {@code io.github.netnsjunit.netlink.testing}, netns-netlink's test-jar.
 */
package io.github.netnsjunit.junit.testing;
