package io.github.netnsjunit.junit.connection;

import io.github.netnsjunit.junit.NetNs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent oracles of the connection fault tests, each its own process inside the namespace through
 * {@code nsenter}: {@code nft -j list ruleset}, {@code ss}, and {@code tcpdump} captures read back with
 * {@code tcpdump -r}.
 */
final class Oracles {
    private Oracles() {
    }

    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(List.of(command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A command inside {@code ns}. */
    static String in(NetNs ns, String... command) {
        List<String> all = new ArrayList<>(List.of("nsenter", "--net=" + ns.path(), "--"));
        all.addAll(List.of(command));
        return run(all.toArray(String[]::new));
    }

    /** {@code nft -j list ruleset} of {@code ns}. */
    static String nftJson(NetNs ns) {
        return in(ns, "nft", "-j", "list", "ruleset");
    }

    /** {@code nft list ruleset} of {@code ns}, as nft prints rules. */
    static String nftText(NetNs ns) {
        return in(ns, "nft", "list", "ruleset");
    }

    /** A running capture; {@link #stop()} ends it and reads the file back. */
    static final class Capture {
        private final Process process;
        private final Path file;

        private Capture(Process process, Path file) {
            this.process = process;
            this.file = file;
        }

        /** {@code tcpdump -i LINK -w FILE FILTER...} in {@code ns}, returned once it listens. */
        static Capture start(NetNs ns, String link, Path file, String... filter) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ns.path(), "--", "tcpdump",
                    "--immediate-mode", "-Z", "root", "-i", link, "-n", "-U", "-s", "200", "-w", file.toString()));
            cmd.addAll(List.of(filter));
            Process p = new ProcessBuilder(cmd).start();
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            String line = err.readLine();
            if (line == null || !line.contains("listening on")) {
                p.destroy();
                throw new AssertionError("tcpdump on " + link + " in " + ns.name() + " did not start: " + line);
            }
            return new Capture(p, file);
        }

        /** Stops the capture and returns {@code tcpdump -n -r FILE} lines, time stamps cut off. */
        List<String> stop() throws InterruptedException {
            return stopWithTimes().stream().map(l -> l.replaceFirst("^\\S+ ", "")).toList();
        }

        /**
         * Stops the capture and returns {@code tcpdump -n -tt -r FILE} lines, each starting with the kernel's time
         * stamp in seconds since the epoch (one clock for every namespace, so captures on two links compare).
         */
        List<String> stopWithTimes() throws InterruptedException {
            Thread.sleep(200); // the last packets reach the file (-U writes each packet at once)
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            return run("tcpdump", "-n", "-tt", "-r", file.toString()).lines()
                    .filter(l -> !l.startsWith("reading from file"))
                    .toList();
        }
    }
}
