package io.github.netnsjunit.junit;

import java.time.Duration;

/**
 * Declares a DNS fault of the topology's name server, mid-test: {@code topology.dns().name("db")
 * .answer(DnsAnswer.SERVFAIL).apply()}. Every setting is checked when it is made, before anything changes; the
 * fault holds from {@link #apply()} until its {@link DnsRule} is closed, or the test ends.
 */
public interface DnsFaultBuilder {
    /**
     * The host name the fault is for: one the topology declares (a namespace's {@code hostnames} or a
     * {@code @HostEntry}). Not called: every name of the topology.
     */
    DnsFaultBuilder name(String hostName);

    /** What the server answers; {@link DnsAnswer#RECORDS} (the default) keeps the right answer, e.g. with a delay. */
    DnsFaultBuilder answer(DnsAnswer answer);

    /** How long the server waits before each answer (0 to 60 s; default 0). */
    DnsFaultBuilder delay(Duration perAnswer);

    /** Puts the fault in force; a later fault for the same name takes precedence while both are in force. */
    DnsRule apply();
}
