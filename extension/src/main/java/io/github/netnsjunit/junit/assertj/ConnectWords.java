package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.internal.trace.ConnectOutcome;
import java.time.Duration;
import java.util.Locale;

/**
 * The assertions' words for a TCP connection attempt's outcome, in the terms a person debugging it needs. Each
 * failure is known as soon as the kernel knows it: a reset or an ENETUNREACH ends the attempt at once, only silence
 * waits for the timeout.
 */
final class ConnectWords {
    private ConnectWords() {
    }

    /** The outcome in words. */
    static String describe(ConnectOutcome.Attempt a, String namespace, String address, int port, Duration timeout) {
        return switch (a.outcome()) {
            case ACCEPTED -> "the connection was accepted";
            case REFUSED -> String.format(Locale.ROOT, "the connection was refused: %s answered the SYN with a TCP "
                    + "reset (nothing listens on port %d there)", address, port);
            case TIMED_OUT -> String.format(Locale.ROOT, "no answer came within %s: the SYN was neither accepted nor "
                    + "refused", NetNsAssert.seconds(timeout));
            case NO_ROUTE -> String.format(Locale.ROOT, "there is no route to %s in %s (ENETUNREACH, nothing was sent)",
                    address, namespace);
            case HOST_UNREACHABLE -> String.format(Locale.ROOT, "%s is unreachable (EHOSTUNREACH: nobody answered "
                    + "ARP/ND for it, or a router reported it unreachable)", address);
            case OTHER -> String.format(Locale.ROOT, "the connection failed: %s", a.message());
        };
    }
}
