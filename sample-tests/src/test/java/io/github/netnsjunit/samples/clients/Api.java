package io.github.netnsjunit.samples.clients;

/** The name and address of namespace {@code srv} in {@link ApiServer}, and what a client connects to. */
final class Api {
    /** The host name of namespace {@code srv}. */
    static final String NAME = "api";
    /** The address of namespace {@code srv} (198.18.0.0/15: the benchmarking range, never a real network). */
    static final String ADDRESS = "198.18.7.2";

    private Api() {
    }

    /**
     * What the client connects to: {@link #NAME}. In-JVM lookups of topology names need Java 18+
     * ({@code InetAddressResolverProvider}); on Java 17 the samples use the address instead, so that no lookup of
     * {@code api} leaves for the machine's own resolver (the JDK would ask its DNS server).
     */
    static String host() {
        return Runtime.version().feature() >= 18 ? NAME : ADDRESS;
    }
}
