package io.github.netnsjunit.samples.clients;

/**
 * The name and address of namespace {@code srv} in {@link ApiServer}. Clients connect to {@link #NAME} on every JDK:
 * in a private {@code host} the topology's DNS server answers it at the {@code resolv.conf} name servers, where
 * Netty's resolver and glibc (the JDK 17 resolver) ask, and on Java 18+ the JDK also asks netns-junit's resolver.
 */
final class Api {
    /** The host name of namespace {@code srv}. */
    static final String NAME = "api";
    /** The address of namespace {@code srv} (198.18.0.0/15: the benchmarking range, never a real network). */
    static final String ADDRESS = "198.18.7.2";

    private Api() {
    }
}
