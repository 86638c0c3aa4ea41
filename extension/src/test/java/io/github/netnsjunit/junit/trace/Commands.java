package io.github.netnsjunit.junit.trace;

import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The independent oracles of the trace tests: tcpdump -r, nft, run on the host or inside a namespace. */
final class Commands {
    private Commands() {
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

    /** Runs a command inside {@code ns} through nsenter, forked from the calling (JUnit) thread. */
    static String in(NetNs ns, String... command) {
        List<String> all = new ArrayList<>(List.of("nsenter", "--net=" + ns.path(), "--"));
        all.addAll(List.of(command));
        return run(all.toArray(String[]::new));
    }

    /** {@code tcpdump -n -r FILE}, one line per packet, the time stamp cut off. */
    static List<String> tcpdump(Path pcap) {
        return run("tcpdump", "-n", "-r", pcap.toString()).lines()
                .filter(l -> !l.startsWith("reading from file"))
                .map(l -> l.replaceFirst("^\\S+ ", ""))
                .toList();
    }
}
