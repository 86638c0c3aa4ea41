package io.github.netnsjunit.netlink.icmp;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.sys.Errno;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Why one echo request got no reply: an ICMP error quoting it (destination unreachable, time exceeded …) with the
 * address that reported it, or a local failure of sendto(2) such as ENETUNREACH when no route exists.
 */
public final class PingError {
    private final int sequence;
    private final InetAddress reporter;
    private final String description;
    /** The errno of a local send failure; 0 for an ICMP error. */
    private final int errno;

    PingError(int sequence, InetAddress reporter, String description) {
        this(sequence, reporter, description, 0);
    }

    private PingError(int sequence, InetAddress reporter, String description, int errno) {
        this.sequence = sequence;
        this.reporter = reporter;
        this.description = Objects.requireNonNull(description, "description");
        this.errno = errno;
    }

    /** A local sendto(2) failure with its errno, e.g. {@code ENETUNREACH}. */
    static PingError local(int sequence, int errno, String description) {
        if (errno <= 0) {
            throw new IllegalArgumentException("a local send failure has an errno, not " + errno);
        }
        return new PingError(sequence, null, description, errno);
    }

    /** The errno of a local send failure ({@code ENETUNREACH}, {@code EHOSTUNREACH} …); empty for an ICMP error. */
    public OptionalInt errno() {
        return errno == 0 ? OptionalInt.empty() : OptionalInt.of(errno);
    }

    /** The errno's name of a local send failure, e.g. {@code ENETUNREACH}; empty for an ICMP error. */
    public Optional<String> errnoName() {
        return errno == 0 ? Optional.empty() : Optional.of(Errno.name(errno));
    }

    /** True when the local stack had no route: sendto(2) failed with ENETUNREACH, nothing was sent. */
    public boolean isNoRoute() {
        return errno == Errno.ENETUNREACH;
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
