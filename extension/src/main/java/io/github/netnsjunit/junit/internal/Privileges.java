package io.github.netnsjunit.junit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Internal: checks that the JVM holds the capabilities namespaces and netlink need, and explains how to get them. */
public final class Privileges {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;

    private Privileges() {
    }

    /** A message saying what is missing and how to get it; empty when everything is there. */
    public static Optional<String> missing() {
        long effective = effectiveCapabilities();
        List<String> missing = new ArrayList<>();
        if ((effective & (1L << CAP_SYS_ADMIN)) == 0) {
            missing.add("CAP_SYS_ADMIN (to create network namespaces)");
        }
        if ((effective & (1L << CAP_NET_ADMIN)) == 0) {
            missing.add("CAP_NET_ADMIN (to create links, addresses, routes and nftables rules)");
        }
        if ((effective & (1L << CAP_NET_RAW)) == 0) {
            missing.add("CAP_NET_RAW (to send ICMP echo requests)");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("netns-junit cannot build network topologies: this JVM lacks "
                + String.join(", ", missing) + ". Run the tests as root (sudo -E mvn verify), "
                + "in a container started with --cap-add NET_ADMIN --cap-add SYS_ADMIN --cap-add NET_RAW, "
                + "or without root in laptop mode: each test JVM in its own user and network namespace (mvn -Psealed verify "
                + "with the sealed launcher, see the README). "
                + "Set the configuration parameter netns.junit.missingPrivileges=skip to skip such tests instead.");
    }

    private static long effectiveCapabilities() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
