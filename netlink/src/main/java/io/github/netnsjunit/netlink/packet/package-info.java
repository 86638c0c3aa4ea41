/**
 * The one AF_PACKET socket of the library, shared by packet capture ({@code capture}) and the userspace relay
 * ({@code relay}): the one place that opens AF_PACKET, binds and encodes {@code struct sockaddr_ll}. Not exported by
 * the module: it hands out a raw file descriptor, which is no API for users.
 */
package io.github.netnsjunit.netlink.packet;
