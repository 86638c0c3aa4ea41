package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * What one TCP connection attempt from a namespace came to, in the terms a person debugging it needs: accepted,
 * refused (the peer answered the SYN with a reset), no answer within the timeout, or refused locally before
 * anything was sent. Each failure is known as soon as the kernel knows it: a reset or an ENETUNREACH ends the
 * attempt at once, only silence waits for the timeout.
 */
enum ConnectOutcome {
    ACCEPTED("the connection was accepted"),
    REFUSED("the connection was refused: %s answered the SYN with a TCP reset (nothing listens on port %d there)"),
    TIMED_OUT("no answer came within %s: the SYN was neither accepted nor refused"),
    NO_ROUTE("there is no route to %s in %s (ENETUNREACH, nothing was sent)"),
    HOST_UNREACHABLE("%s is unreachable (EHOSTUNREACH: nobody answered ARP/ND for it, or a router reported it"
            + " unreachable)"),
    OTHER("the connection failed: %s");

    private final String template;

    ConnectOutcome(String template) {
        this.template = template;
    }

    /** Tries once, on the namespace's thread, and classifies the result. */
    static Attempt attempt(NetNs ns, InetAddress target, int port, Duration timeout) {
        long start = System.nanoTime();
        try {
            return ns.call(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(target, port), (int) Math.max(1, timeout.toMillis()));
                    return new Attempt(ACCEPTED, "", System.nanoTime() - start);
                } catch (IOException e) {
                    return new Attempt(classify(e), String.valueOf(e.getMessage()), System.nanoTime() - start);
                }
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot run a TCP connection attempt in " + ns.name() + ": " + e, e);
        }
    }

    /** The JDK's messages are strerror(3) texts of the connect(2) errno. */
    static ConnectOutcome classify(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof SocketTimeoutException) {
            return TIMED_OUT;
        }
        if (m.contains("network is unreachable")) {
            return NO_ROUTE;
        }
        if (e instanceof NoRouteToHostException || m.contains("no route to host")) {
            return HOST_UNREACHABLE;
        }
        if (e instanceof ConnectException && m.contains("refused")) {
            return REFUSED;
        }
        return OTHER;
    }

    /** One attempt's outcome, the JDK's message and how long it took. */
    record Attempt(ConnectOutcome outcome, String message, long nanos) {
        /** The outcome in words. */
        String describe(String namespace, String address, int port, Duration timeout) {
            return switch (outcome) {
                case ACCEPTED -> outcome.template;
                case REFUSED -> String.format(Locale.ROOT, outcome.template, address, port);
                case TIMED_OUT -> String.format(Locale.ROOT, outcome.template, NetNsAssert.seconds(timeout));
                case NO_ROUTE -> String.format(Locale.ROOT, outcome.template, address, namespace);
                case HOST_UNREACHABLE -> String.format(Locale.ROOT, outcome.template, address);
                case OTHER -> String.format(Locale.ROOT, outcome.template, message);
            };
        }
    }
}
