package io.github.netnsjunit.junit.internal.trace;

import java.net.InetAddress;

/**
 * Internal: one captured frame, decoded as far as a path trace needs it, with where it was seen.
 *
 * @param namespace  the namespace it was captured in
 * @param link       the interface it was seen on
 * @param outgoing   sent out of that interface (else received on it)
 * @param nanos      kernel time stamp
 * @param kind       what it is
 * @param source     IP source, or the ARP/ND sender; null when unknown
 * @param target     IP destination, or the address an ARP/ND request asks for (a reply: the address it resolves)
 * @param identifier ICMP echo identifier, TCP source port; -1 otherwise
 * @param sequence   ICMP echo sequence, TCP destination port; -1 otherwise
 * @param quoted     for an ICMP error, the destination of the packet it quotes; null otherwise
 * @param text       a tcpdump-like one-line summary
 */
public record Packet(String namespace, String link, boolean outgoing, long nanos, Kind kind, InetAddress source,
        InetAddress target, int identifier, int sequence, InetAddress quoted, String text) {

    /** What a frame is, as far as a trace cares. */
    public enum Kind {
        ARP_REQUEST, ARP_REPLY, ND_SOLICIT, ND_ADVERT, ECHO_REQUEST, ECHO_REPLY, ICMP_ERROR, TCP_SYN, TCP_SYN_ACK,
        TCP_RESET, TCP_OTHER, OTHER
    }

    /** Where it was seen, e.g. {@code veth0 (ns0) out}. */
    String where() {
        return link + " (" + namespace + ") " + (outgoing ? "out" : "in");
    }

    boolean isNeighbourRequest() {
        return kind == Kind.ARP_REQUEST || kind == Kind.ND_SOLICIT;
    }

    boolean isNeighbourReply() {
        return kind == Kind.ARP_REPLY || kind == Kind.ND_ADVERT;
    }
}
