/**
 * Socket diagnostics over {@code NETLINK_SOCK_DIAG} (linux/inet_diag.h, linux/sock_diag.h): the TCP sockets of a
 * network namespace with their {@code struct tcp_info} — what {@code ss -tni} shows — read from the namespace the
 * netlink socket was opened in.
 */
package io.github.netnsjunit.netlink.diag;
