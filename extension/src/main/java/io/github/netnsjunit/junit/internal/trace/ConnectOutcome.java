package io.github.netnsjunit.junit.internal.trace;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Internal: what one TCP connection attempt came to, typed: the one classification of connect(2) outcomes, used by
 * the assertions and by the path tracer, each of which words it its own way only when it writes a message.
 *
 * <p>The JDK does not hand out connect(2)'s errno, only an exception whose type and message follow it (JDK 17,
 * {@code Net.c handleSocketError}, checked on this machine in namespaces with each kind of route): ECONNREFUSED is
 * a {@link ConnectException} "Connection refused"; EHOSTUNREACH a {@link NoRouteToHostException} "No route to host";
 * ENETUNREACH a plain {@code SocketException} "Network is unreachable"; EACCES (a prohibit route) a
 * {@link BindException} "Permission denied"; the connect timeout a {@link SocketTimeoutException}. This is the one
 * place that reads them.
 */
public enum ConnectOutcome {
    /** The connection was accepted. */
    ACCEPTED,
    /** The peer answered the SYN with a reset (ECONNREFUSED). */
    REFUSED,
    /** No answer within the timeout. */
    TIMED_OUT,
    /** No route (ENETUNREACH): nothing was sent. */
    NO_ROUTE,
    /** EHOSTUNREACH: nobody answered ARP/ND, or a router reported the host unreachable. */
    HOST_UNREACHABLE,
    /** Anything else; the JDK's message says what. */
    OTHER;

    /**
     * One attempt's outcome and the JDK's message ("" when accepted).
     *
     * @param outcome what it came to
     * @param message the exception's message, for {@link #OTHER} and unexpected cases
     */
    public record Attempt(ConnectOutcome outcome, String message) {
    }

    /** Tries once from the calling thread's namespace (enter the namespace first) and classifies the result. */
    public static Attempt tryOnce(InetAddress target, int port, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target, port), (int) Math.max(1, timeout.toMillis()));
            return new Attempt(ACCEPTED, "");
        } catch (IOException e) {
            return new Attempt(classify(e), String.valueOf(e.getMessage()));
        }
    }

    /** The outcome of a failed connect(2), from the exception the JDK made of its errno. */
    public static ConnectOutcome classify(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return TIMED_OUT;
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
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
}
