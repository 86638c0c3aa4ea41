package io.github.netnsjunit.netlink.testing;

import io.github.netnsjunit.netlink.ns.NetNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Independent oracles for tests: iproute2 / nftables commands run inside a namespace through
 * {@code nsenter --net=PATH}, never through the code under test.
 */
public final class Oracle {
    private Oracle() {
    }

    /** Runs a command inside the namespace and returns its stdout; fails on a non-zero exit. */
    public static String run(NetNamespace ns, String... command) {
        List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + ns.path(), "--"));
        argv.addAll(List.of(command));
        return exec(argv);
    }

    /** Runs a command in the JVM's own namespace. */
    public static String runOnHost(String... command) {
        return exec(List.of(command));
    }

    private static String exec(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(argv + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(argv + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The inodes of every network namespace some task or fd of this JVM still holds (read from /proc), a
     * stand-in for {@code lsns -t net} restricted to this process.
     */
    public static Set<String> liveNetNamespaceInodes() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(p -> {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    if (target.startsWith("net:[")) {
                        out.add(target);
                    }
                } catch (IOException ignored) {
                    // fd closed meanwhile
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    out.add(Files.readSymbolicLink(t.resolve("ns/net")).toString());
                } catch (IOException ignored) {
                    // thread ended meanwhile
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }
}
