package io.github.netnsjunit.netlink.nft;

/** Transport protocols that port-based rules ({@code th dport}) understand. */
public enum TransportProtocol {
    /** TCP, IP protocol 6. */
    TCP(6),
    /** UDP, IP protocol 17. */
    UDP(17),
    /** SCTP, IP protocol 132: its common header starts with the two ports, as TCP's and UDP's do. */
    SCTP(132);

    private final int number;

    TransportProtocol(int number) {
        this.number = number;
    }

    /** The IP protocol number ({@code meta l4proto} value). */
    public int number() {
        return number;
    }

    /** {@code tcp} / {@code udp}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
