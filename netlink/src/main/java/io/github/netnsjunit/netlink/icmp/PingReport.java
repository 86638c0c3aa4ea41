package io.github.netnsjunit.netlink.icmp;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link IcmpEcho#ping} call: how many echo requests were sent and answered, the round-trip
 * time of every reply, and the errors reported instead of replies. Immutable.
 */
public final class PingReport {
    /** How the exchange ended: the one classification of a ping's outcome; words are made from it later. */
    public enum Outcome {
        /** At least one reply came back. */
        ANSWERED,
        /** The local stack refused to send ({@link #sendFailure()}): nothing left the namespace. */
        NOT_SENT,
        /** No reply, but ICMP errors (unreachable, time exceeded …) came instead. */
        ICMP_ERROR,
        /** Neither a reply nor an error within the timeout. */
        SILENT
    }

    private final InetAddress target;
    private final String namespace;
    private final int identifier;
    private final int sent;
    private final List<Duration> rtts;
    private final List<PingError> errors;
    private final int duplicates;

    /**
     * Creates a report.
     *
     * @param target     the address pinged
     * @param namespace  the name of the namespace the requests were sent from
     * @param identifier the ICMP echo identifier used
     * @param sent       requests the kernel accepted
     * @param rtts       round-trip time of each reply, in sequence order
     * @param errors     errors reported instead of replies
     */
    public PingReport(InetAddress target, String namespace, int identifier, int sent, List<Duration> rtts,
            List<PingError> errors) {
        this(target, namespace, identifier, sent, rtts, errors, 0);
    }

    /**
     * Creates a report that also counts duplicate replies.
     *
     * @param duplicates echo replies received again for a sequence number already answered
     */
    public PingReport(InetAddress target, String namespace, int identifier, int sent, List<Duration> rtts,
            List<PingError> errors, int duplicates) {
        this.duplicates = duplicates;
        this.target = Objects.requireNonNull(target, "target");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.identifier = identifier;
        this.sent = sent;
        this.rtts = List.copyOf(rtts);
        this.errors = List.copyOf(errors);
    }

    /** The address pinged. */
    public InetAddress target() {
        return target;
    }

    /** The name of the namespace the requests were sent from. */
    public String namespace() {
        return namespace;
    }

    /** The ICMP echo identifier of the requests (what tcpdump shows as {@code id}). */
    public int identifier() {
        return identifier;
    }

    /** Echo requests handed to the kernel. */
    public int sent() {
        return sent;
    }

    /** Distinct echo replies received in time. */
    public int received() {
        return rtts.size();
    }

    /** Echo replies that arrived again for an already answered request ({@code ping}'s "DUP!"). */
    public int duplicates() {
        return duplicates;
    }

    /** Round-trip times of the replies. */
    public List<Duration> rtts() {
        return rtts;
    }

    /** ICMP errors and local send failures, in the order they occurred. */
    public List<PingError> errors() {
        return errors;
    }

    /** The first request the local stack refused to send (a sendto(2) errno), if any. */
    public Optional<PingError> sendFailure() {
        return errors.stream().filter(PingError::isLocal).findFirst();
    }

    /** How the exchange ended, in that order of precedence: a reply, a refused send, ICMP errors, silence. */
    public Outcome outcome() {
        if (isReachable()) {
            return Outcome.ANSWERED;
        }
        if (sendFailure().isPresent()) {
            return Outcome.NOT_SENT;
        }
        return errors.isEmpty() ? Outcome.SILENT : Outcome.ICMP_ERROR;
    }

    /** True when at least one reply arrived. */
    public boolean isReachable() {
        return !rtts.isEmpty();
    }

    /** Percentage of sent requests without a reply; 100 when nothing could be sent. */
    public double lossPercent() {
        return sent == 0 ? 100.0 : 100.0 * (sent - received()) / sent;
    }

    /** The shortest round-trip time, or null without replies. */
    public Duration minRtt() {
        return rtts.stream().min(Duration::compareTo).orElse(null);
    }

    /** The longest round-trip time, or null without replies. */
    public Duration maxRtt() {
        return rtts.stream().max(Duration::compareTo).orElse(null);
    }

    /** The mean round-trip time, or null without replies. */
    public Duration avgRtt() {
        return rtts.isEmpty() ? null
                : Duration.ofNanos(rtts.stream().mapToLong(Duration::toNanos).sum() / rtts.size());
    }

    /**
     * Like ping's summary: {@code 3 packets transmitted, 3 received, 0% packet loss, rtt min/avg/max =
     * 0.031/0.045/0.060 ms}, with {@code +N errors} and the errors themselves when there are some.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("ping ").append(IpAddresses.format(target)).append(" from netns ").append(namespace).append(": ");
        s.append(sent).append(" packets transmitted, ").append(received()).append(" received, ");
        if (!errors.isEmpty()) {
            s.append('+').append(errors.size()).append(" errors, ");
        }
        s.append(formatPercent(lossPercent())).append("% packet loss");
        if (!rtts.isEmpty()) {
            s.append(", rtt min/avg/max = ").append(millis(minRtt())).append('/').append(millis(avgRtt()))
                    .append('/').append(millis(maxRtt())).append(" ms");
        }
        if (!errors.isEmpty()) {
            s.append(", errors: ").append(errors);
        }
        return s.toString();
    }

    private static String formatPercent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%.1f", p);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
    }
}
