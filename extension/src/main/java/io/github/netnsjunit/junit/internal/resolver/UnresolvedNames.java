package io.github.netnsjunit.junit.internal.resolver;

import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Internal: explains a test failure caused by a lookup of a topology name that this JVM could not answer — on Java 17
 * (or wherever netns-junit's resolver provider is not installed), a lookup from a thread outside the topology's
 * namespaces. Without it the user sees {@code UnknownHostException: db} or, from NIO and {@code HttpClient}, a
 * {@code ConnectException} without a message whose cause is an {@link UnresolvedAddressException}.
 */
public final class UnresolvedNames {
    private UnresolvedNames() {
    }

    /** The explanation, when the failure (causes and suppressed included) is such a lookup and names exist. */
    public static Optional<String> explain(List<Throwable> failureParts, HostTable names) {
        if (names.isEmpty() || InJvmResolution.isInstalled()) {
            return Optional.empty();
        }
        for (Throwable t : failureParts) {
            boolean ours = t instanceof UnknownHostException && t.getMessage() != null
                    && names.names().keySet().stream().anyMatch(n -> mentions(t.getMessage(), n));
            if (ours || t instanceof UnresolvedAddressException) {
                String what = t instanceof UnresolvedAddressException
                        ? "a connect by host name failed because the name did not resolve (" + t.getClass().getName()
                        + ")"
                        : "the host name lookup \"" + t.getMessage() + "\" failed (" + t.getClass().getName() + ")";
                return Optional.of(what + ". The topology's names (" + String.join(", ", names.names().keySet())
                        + ") resolve inside this JVM only on threads in its namespaces: this JVM runs Java "
                        + Runtime.version().feature() + ", which cannot hook InetAddress (that needs JDK "
                        + InJvmResolution.FIRST_RELEASE + "+), so a lookup asks glibc, which asks the topology's DNS"
                        + " server only from inside the topology; this one ran on a thread in the JVM's own namespace"
                        + " (the test's thread without @InNamespace, or a pool or library thread created outside)."
                        + " Fix: run the client inside the namespace (@InNamespace or NetNs.call(...)), run the tests"
                        + " on JDK 18 or later, or connect to the address.");
            }
        }
        return Optional.empty();
    }

    private static boolean mentions(String message, String name) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.equals(name) || m.startsWith(name + ":") || m.startsWith(name + " ");
    }
}
