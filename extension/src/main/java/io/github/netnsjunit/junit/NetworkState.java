package io.github.netnsjunit.junit;

/**
 * The network state of a failed test (every namespace's links, addresses, routes, neighbours, bridge forwarding
 * databases and nftables rules, as read from the kernel), attached by the extension to the test's failure as a
 * suppressed exception, so that it shows in every report of the failure: console, IDE, Surefire XML. It has no stack
 * trace: only its message matters.
 */
public final class NetworkState extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * For the extension's failure report.
     *
     * @param message the state, as text
     */
    public NetworkState(String message) {
        super(message, null, false, false);
    }
}
