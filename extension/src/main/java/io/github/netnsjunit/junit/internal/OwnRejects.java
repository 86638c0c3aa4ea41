package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.NetNs;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Internal: tells the assertions when a refused connection was refused by the test's own {@code NetNs.reject} rule
 * (an nft {@code reject with tcp reset} on the namespace's output hook answers the SYN locally, so it looks exactly
 * like a peer where nothing listens), so that the failure does not blame the peer.
 */
public final class OwnRejects {
    private OwnRejects() {
    }

    /** The reject rule in force in {@code ns} that refuses TCP to {@code target:port}, in words; empty if none. */
    public static Optional<String> refusing(NetNs ns, InetAddress target, int port) {
        if (!(ns instanceof LiveNetNs live)) {
            return Optional.empty();
        }
        return live.faults().rejecting(ns.name(), target, port);
    }

    /** The words for a connection refused by that rule. */
    public static String words(String rule, String namespace, String address, int port) {
        return "the connection was refused by the test's own reject rule (" + rule + "), in " + namespace
                + " before the SYN left it: whether anything listens on " + address + " port " + port + " was never"
                + " asked. Close the Block (or let the test end) to reach the peer";
    }
}
