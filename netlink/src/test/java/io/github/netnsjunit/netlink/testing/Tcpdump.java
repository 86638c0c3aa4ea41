package io.github.netnsjunit.netlink.testing;

import io.github.netnsjunit.netlink.ns.NetNamespace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump as an independent oracle: {@code tcpdump -n -i IF -w FILE} running in the background inside a
 * namespace. {@link #start} returns once tcpdump reported "listening"; {@link #close} stops exactly this process.
 */
public final class Tcpdump implements AutoCloseable {
    private final Process process;
    private final Path file;

    private Tcpdump(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Starts tcpdump on {@code dev} inside {@code ns}, writing {@code file}. */
    public static Tcpdump start(NetNamespace ns, String dev, Path file) throws IOException {
        Process p = new ProcessBuilder("nsenter", "--net=" + ns.path(), "--", "tcpdump", "-n", "-U", "--immediate-mode", "-Z", "root", "-i", dev,
                "-w", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("listening on")) {
                return new Tcpdump(p, file);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("tcpdump did not start: " + seen);
    }

    /** The lines of {@code tcpdump -n -r FILE} for a finished capture file. */
    public static List<String> read(Path file) {
        return Oracle.runOnHost("tcpdump", "-n", "-r", file.toString()).lines()
                .filter(l -> !l.startsWith("reading from file"))
                .toList();
    }

    /**
     * Reads the file (flushed per packet thanks to -U) until {@code done} accepts its lines or {@code timeout}
     * passes, and returns the last lines read: tcpdump processes packets asynchronously, and stopping it too early
     * loses the last ones.
     */
    public List<String> await(java.util.function.Predicate<List<String>> done, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            try {
                lines = read(file);
                if (done.test(lines)) {
                    return lines;
                }
            } catch (AssertionError partialFile) {
                // the last record may be half written
            }
            Thread.sleep(20);
        }
        return lines;
    }

    /** Stops tcpdump (SIGTERM, so it flushes) and returns what it recorded. */
    public List<String> stop() {
        close();
        return read(file);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
