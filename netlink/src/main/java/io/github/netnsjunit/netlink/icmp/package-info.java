/**
 * ICMP echo ("ping") from inside a network namespace over raw sockets, IPv4 and IPv6: {@link
 * io.github.netnsjunit.netlink.icmp.IcmpEcho} sends, {@link io.github.netnsjunit.netlink.icmp.PingReport} tells
 * what came back. Needs CAP_NET_RAW in the namespace's owning user namespace (root here), not ping_group_range.
 */
package io.github.netnsjunit.netlink.icmp;
