package io.github.netnsjunit.netlink.icmp;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one echo request got no reply: an ICMP error quoting it (destination unreachable, time exceeded …) with the
 * address that reported it, or a local failure of sendto(2) such as ENETUNREACH when no route exists.
 */
public final class PingError {
    private final int sequence;
    private final InetAddress reporter;
    private final String description;
    private final String errno;

    PingError(int sequence, InetAddress reporter, String description) {
        this(sequence, reporter, description, null);
    }

    private PingError(int sequence, InetAddress reporter, String description, String errno) {
        this.sequence = sequence;
        this.reporter = reporter;
        this.description = Objects.requireNonNull(description, "description");
        this.errno = errno;
    }

    /** A local sendto(2) failure with its errno name, e.g. {@code ENETUNREACH}. */
    static PingError local(int sequence, String errnoName, String description) {
        return new PingError(sequence, null, description, errnoName);
    }

    /** The errno name of a local send failure ({@code ENETUNREACH}, {@code EHOSTUNREACH} …); empty otherwise. */
    public Optional<String> errno() {
        return Optional.ofNullable(errno);
    }

    /** The sequence number of the request concerned. */
    public int sequence() {
        return sequence;
    }

    /** The router or host that sent the ICMP error; empty for a local sendto failure. */
    public Optional<InetAddress> reporter() {
        return Optional.ofNullable(reporter);
    }

    /** What went wrong, without the reporter, e.g. {@code destination host unreachable}. */
    public String description() {
        return description;
    }

    /** True for an error the local stack raised in sendto(2) rather than an ICMP message. */
    public boolean isLocal() {
        return reporter == null;
    }

    /** E.g. {@code destination host unreachable from 10.0.0.1} or {@code sendto: ENETUNREACH (...)}. */
    @Override
    public String toString() {
        return reporter == null ? description : description + " from " + IpAddresses.format(reporter);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PingError e && e.sequence == sequence && Objects.equals(e.reporter, reporter)
                && e.description.equals(description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, reporter, description);
    }
}
