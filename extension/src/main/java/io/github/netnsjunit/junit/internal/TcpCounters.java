package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.JvmNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Internal: the TCP counters of the JVM's own namespace, the values line of {@code Tcp:} in its
 * {@code /proc/net/snmp} (ActiveOpens, PassiveOpens, InSegs, OutSegs, CurrEstab, ...: per-namespace MIBs), as one
 * string to compare. Equal before and after a test body means no TCP segment went in or out of the namespace and no
 * connection opened there meanwhile. Reading it costs one small /proc file (tens of microseconds), not a walk of the
 * kernel's socket hash.
 */
final class TcpCounters {
    private TcpCounters() {
    }

    /** The counters, or null when they cannot be read (then a caller must look at the sockets themselves). */
    static String ofJvmNamespace() {
        try {
            return JvmNamespace.call(TcpCounters::ofCurrentNamespace);
        } catch (Throwable unreadable) {
            return null;
        }
    }

    private static String ofCurrentNamespace() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/thread-self/net/snmp"));
        // "Tcp: RtoAlgorithm RtoMin ..." then "Tcp: 1 200 ...": the second is the values
        String header = null;
        for (String line : lines) {
            if (line.startsWith("Tcp:")) {
                if (header != null) {
                    return line;
                }
                header = line;
            }
        }
        return null;
    }
}
