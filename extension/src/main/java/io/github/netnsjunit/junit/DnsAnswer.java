package io.github.netnsjunit.junit;

/**
 * What netns-junit's DNS server answers for a host name of the topology under a DNS fault
 * ({@link Topology#dns()}, {@link NetNs#dns()}).
 */
public enum DnsAnswer {
    /** The name's addresses, as without a fault: with a {@link DnsFaultBuilder#delay delay}, a slow server. */
    RECORDS,
    /** Name does not exist (rcode 3): resolvers fail at once ({@code UnknownHostException}, {@code getent} exit 2). */
    NXDOMAIN,
    /** Server failure (rcode 2): resolvers fail or try again, as they do with a broken upstream. */
    SERVFAIL,
    /** No answer at all: resolvers wait for their timeout (glibc 5 s per try, Netty 5 s, dig 5 s). */
    TIMEOUT
}
