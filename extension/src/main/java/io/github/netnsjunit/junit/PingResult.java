package io.github.netnsjunit.junit;

import io.github.netnsjunit.netlink.icmp.PingError;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an ICMP echo exchange returned: how many requests were sent, how many replies came back with which
 * round-trip times, and the ICMP errors received instead (e.g. {@code destination host unreachable from
 * 172.18.0.1}).
 */
public final class PingResult {
    private final String from;
    private final String target;
    private final int sent;
    private final List<Duration> rtts;
    private final List<String> errors;
    private final Duration timeout;
    private final String route;
    private final int duplicates;
    private final PingError sendFailure;

    /**
     * A result, as {@link NetNs#ping(String)} makes it (public for other implementations of {@link NetNs} and for
     * tests).
     *
     * @param from        the namespace the requests were sent from
     * @param target      the address pinged, as {@code ip} writes it
     * @param sent        echo requests sent
     * @param rtts        round-trip time of each reply
     * @param errors      ICMP errors and local send errors, in words
     * @param timeout     the per-request timeout
     * @param route       the route towards the target in {@code ip route} words, or null
     * @param duplicates  duplicate replies
     * @param sendFailure the first request the local stack refused to send (its errno, e.g. ENETUNREACH), or null
     *                    when every request could be sent
     */
    public PingResult(String from, String target, int sent, List<Duration> rtts, List<String> errors, Duration timeout,
            String route, int duplicates, PingError sendFailure) {
        if (sendFailure != null && !sendFailure.isLocal()) {
            throw new IllegalArgumentException("a send failure is a local sendto(2) error, not " + sendFailure);
        }
        this.duplicates = duplicates;
        this.sendFailure = sendFailure;
        this.from = from;
        this.target = target;
        this.sent = sent;
        this.rtts = List.copyOf(rtts);
        this.errors = List.copyOf(errors);
        this.timeout = timeout;
        this.route = route;
    }

    /** The namespace the requests were sent from. */
    public String from() {
        return from;
    }

    /** The address pinged. */
    public String target() {
        return target;
    }

    /** Echo requests sent. */
    public int sent() {
        return sent;
    }

    /** Echo replies received. */
    public int received() {
        return rtts.size();
    }

    /** True if at least one reply came back. */
    public boolean isReachable() {
        return !rtts.isEmpty();
    }

    /** Round-trip time of each reply, in order. */
    public List<Duration> rtts() {
        return rtts;
    }

    /** ICMP errors (unreachable, time exceeded) or local send errors, in words. */
    public List<String> errors() {
        return errors;
    }

    /** Echo replies received again for an already answered request (ping's "DUP!"), e.g. under duplicating conditions. */
    public int duplicates() {
        return duplicates;
    }

    /** The per-request timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** The route the kernel would use towards the target ({@code ip route get}-like), if known. */
    public Optional<String> route() {
        return Optional.ofNullable(route);
    }

    /**
     * The first request the local stack refused to send, with its errno ({@link PingError#errno()}, e.g.
     * {@code ENETUNREACH}: no route, {@link PingError#isNoRoute()}): the request never left the namespace. Empty when
     * every request was sent.
     */
    public Optional<PingError> sendFailure() {
        return Optional.ofNullable(sendFailure);
    }

    /** The loss in percent, 0 to 100. */
    public double lossPercent() {
        return sent == 0 ? 0 : 100.0 * (sent - received()) / sent;
    }

    /** Like ping's summary: {@code ns1 -> 172.18.0.2: 3 sent, 3 received, 0% loss, rtt min/avg/max 0.031/0.045/0.060 ms}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(from + " -> " + target + ": " + sent + " sent, " + received()
                + " received, " + Math.round(lossPercent()) + "% loss");
        if (!rtts.isEmpty()) {
            double min = rtts.stream().mapToLong(Duration::toNanos).min().orElse(0) / 1e6;
            double max = rtts.stream().mapToLong(Duration::toNanos).max().orElse(0) / 1e6;
            double avg = rtts.stream().mapToLong(Duration::toNanos).average().orElse(0) / 1e6;
            sb.append(String.format(Locale.ROOT, ", rtt min/avg/max %.3f/%.3f/%.3f ms", min, avg, max));
        }
        if (!errors.isEmpty()) {
            sb.append(", errors: ").append(String.join("; ", errors));
        }
        return sb.toString();
    }
}
