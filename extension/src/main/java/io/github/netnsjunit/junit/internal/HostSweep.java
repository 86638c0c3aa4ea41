package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.ns.Sysctls;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Internal: removes what JVMs that are gone left in the host namespace — links named by {@link HostLinkNames} and
 * changed sysctls recorded by {@link HostLease} — and nothing else. Namespaces and owned nft tables need no sweep:
 * the kernel frees them when the JVM's fds and sockets close.
 */
public final class HostSweep {
    private HostSweep() {
    }

    /**
     * Sweeps once, waiting for the host lease if a test run holds it; returns what it removed or restored, in
     * words. Never throws.
     */
    public static List<String> run() {
        return sweep(HostLease::acquire).orElseThrow();
    }

    /**
     * Sweeps once if the host lease is free, without waiting: empty when another test run (this JVM or another)
     * holds it, since what it made is alive and a later run sweeps what it leaves. Never throws.
     */
    public static Optional<List<String>> runIfFree() {
        return sweep(() -> HostLease.tryAcquire().orElse(null));
    }

    @SuppressWarnings("try") // the lease is held, not used
    private static Optional<List<String>> sweep(Supplier<HostLease> lease) {
        List<String> done = new ArrayList<>();
        if (!HostLease.existsAndOurs()) {
            return Optional.of(done); // no run of this user ever touched a host namespace
        }
        try (HostLease held = lease.get()) {
            if (held == null) {
                return Optional.empty();
            }
            restoreSysctls(done);
            removeLinks(done);
        } catch (RuntimeException e) {
            done.add("sweep incomplete: " + e.getMessage());
        }
        return Optional.of(done);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).isPresent();
    }

    private static void restoreSysctls(List<String> done) {
        try (Stream<Path> markers = Files.list(HostLease.DIRECTORY)) {
            for (Path marker : markers.filter(p -> p.getFileName().toString().startsWith("sysctl-")).toList()) {
                String[] parts = marker.getFileName().toString().split("-", 3);
                if (parts.length < 3 || alive(Long.parseLong(parts[1]))) {
                    continue;
                }
                List<String> lines = Files.readAllLines(marker, StandardCharsets.US_ASCII);
                if (lines.size() >= 3 && !lines.get(2).equals(HostLease.hostNamespace())) {
                    continue; // another namespace's (the machine's, seen from a sealed JVM): not ours to restore
                }
                if (lines.size() >= 2) {
                    Sysctls.write(lines.get(0), lines.get(1));
                    done.add("restored host sysctl " + lines.get(0) + "=" + lines.get(1) + " left by dead JVM " + parts[1]);
                }
                Files.deleteIfExists(marker);
            }
        } catch (IOException | RuntimeException e) {
            done.add("could not restore recorded sysctls: " + e.getMessage());
        }
    }

    private static void removeLinks(List<String> done) {
        try (NamespaceHandle host = NamespaceHandle.host()) {
            RouteClient route = RouteClient.of(host);
            for (Link l : route.links()) {
                HostLinkNames.pidOf(l.name()).filter(pid -> !alive(pid)).ifPresent(pid -> {
                    route.changes().deleteLink(l.index(), l.name()).execute();
                    done.add("deleted host link " + l.name() + " left by dead JVM " + pid);
                });
            }
        }
    }
}
