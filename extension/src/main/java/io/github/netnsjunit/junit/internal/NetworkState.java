package io.github.netnsjunit.junit.internal;

/**
 * Internal: the network state of a failed test, attached to its failure as a suppressed exception so that it shows
 * in every report of the failure (console, IDE, Surefire XML). It has no stack trace: only its message matters.
 */
public final class NetworkState extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NetworkState(String message) {
        super(message, null, false, false);
    }
}
