package io.github.netnsjunit.junit.internal.trace;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.net.InetAddress;

/** Internal: small helpers for the explainers' sentences. */
final class Words {
    private Words() {
    }

    static String f(InetAddress a) {
        return a == null ? "?" : IpAddresses.format(a);
    }

    static String q(String s) {
        return "\"" + s + "\"";
    }

    static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
