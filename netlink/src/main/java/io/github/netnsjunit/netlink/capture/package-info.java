/**
 * Packet capture inside a network namespace through AF_PACKET sockets, written as classic pcap files that
 * tcpdump and Wireshark read: {@link io.github.netnsjunit.netlink.capture.PacketCapture}.
 */
package io.github.netnsjunit.netlink.capture;
