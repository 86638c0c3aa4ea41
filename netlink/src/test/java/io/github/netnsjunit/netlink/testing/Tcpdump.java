package io.github.netnsjunit.netlink.testing;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * tcpdump as an independent oracle: {@code tcpdump -n -i IF -w FILE} running in the background inside a
 * namespace (started through {@link Processes}, so its output is drained and the fork happens in the JVM's
 * namespace). {@link #start} returns once tcpdump reported "listening"; {@link #close} stops exactly this process.
 */
public final class Tcpdump implements AutoCloseable {
    private static final Duration LISTENING_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #settleAndStopUntimed()} lets the last packets reach tcpdump before it stops it. */
    public static final Duration SETTLE = Duration.ofMillis(200);

    private final BackgroundProcess process;
    private final Path file;

    private Tcpdump(BackgroundProcess process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Starts tcpdump on {@code dev} inside {@code ns}, writing {@code file}. */
    public static Tcpdump start(NamespaceHandle ns, String dev, Path file) {
        return start(ns, dev, file, List.of());
    }

    /**
     * Starts tcpdump on {@code dev} inside {@code ns}, writing {@code file}, with more arguments at the end of the
     * command line: options such as {@code -c 1}, then a filter expression.
     */
    public static Tcpdump start(NamespaceHandle ns, String dev, Path file, List<String> more) {
        return start(ns.path(), dev, file, more);
    }

    /**
     * Starts tcpdump on {@code dev} inside the namespace at {@code nsPath} (a {@code /proc/.../ns/net} or
     * {@code /run/netns/...} file, e.g. a {@code NetNs}'s path), writing {@code file}, with more arguments at the end
     * of the command line: options such as {@code -s 200}, then a filter expression.
     */
    public static Tcpdump start(String nsPath, String dev, Path file, List<String> more) {
        // -Z root: Debian's tcpdump otherwise drops to user tcpdump and cannot write our root-owned file;
        // -U: every packet is flushed to the file at once, so await() can read it while tcpdump runs
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-n", "-U", "--immediate-mode", "-Z", "root",
                "-i", dev, "-w", file.toString()));
        argv.addAll(more);
        BackgroundProcess p = Processes.start(
                new ProcessBuilder(Processes.nsenter(nsPath, argv.toArray(String[]::new))));
        try {
            if (p.awaitLine(l -> l.contains("listening on"), LISTENING_TIMEOUT).isPresent()) {
                return new Tcpdump(p, file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.kill();
        p.close();
        throw new AssertionError("tcpdump did not start listening within " + LISTENING_TIMEOUT + ": " + argv
                + "\n" + p.stderr());
    }

    /** The lines of {@code tcpdump -n -r FILE} for a finished capture file (stdout only). */
    public static List<String> read(Path file) {
        return read(file, new String[0]);
    }

    /**
     * The lines of {@code tcpdump -n -r FILE OPTIONS...} (stdout only), e.g. {@code -e} for the link-level header or
     * {@code -v}, which continues a packet on indented lines.
     */
    public static List<String> read(Path file, String... options) {
        List<String> argv = new ArrayList<>(List.of("tcpdump", "-n", "-r", file.toString()));
        argv.addAll(List.of(options));
        return Oracle.runOnHost(argv.toArray(String[]::new)).lines()
                .filter(l -> !l.startsWith("reading from file"))
                .toList();
    }

    /** {@link #read}'s lines with their leading time stamp cut off, for checks that do not care when. */
    public static List<String> readUntimed(Path file) {
        return read(file).stream().map(l -> l.replaceFirst("^\\S+ ", "")).toList();
    }

    /**
     * The lines of {@code tcpdump -n -tt -r FILE}, each starting with the kernel's time stamp in seconds since the
     * epoch (one clock for every namespace, so captures on two links compare).
     */
    public static List<String> readWithEpochTimes(Path file) {
        return read(file, "-tt");
    }

    /**
     * Reads the file (flushed per packet thanks to -U) until {@code done} accepts its lines or {@code timeout}
     * passes, and returns the last lines read: tcpdump processes packets asynchronously, and stopping it too early
     * loses the last ones.
     */
    public List<String> await(Predicate<List<String>> done, Duration timeout) throws InterruptedException {
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

    /**
     * Waits until tcpdump ends by itself (with {@code -c N}: after N packets); true if it did within
     * {@code timeout}.
     */
    public boolean awaitExit(Duration timeout) {
        return process.waitFor(timeout);
    }

    /** What tcpdump wrote to stderr so far (its start banner, and the packet counts once it ended). */
    public String messages() {
        return process.stderr();
    }

    /** Stops tcpdump (SIGTERM, so it flushes) and returns what it recorded. */
    public List<String> stop() {
        close();
        return read(file);
    }

    /**
     * Gives the last packets {@link #SETTLE} to reach tcpdump, stops it and returns {@link #readUntimed}'s lines: for
     * a test that sent its last packet just now and has no line to {@link #await}.
     */
    public List<String> settleAndStopUntimed() throws InterruptedException {
        settleAndClose();
        return readUntimed(file);
    }

    /** Like {@link #settleAndStopUntimed()}, the lines those of {@link #read(Path, String...)} with these options. */
    public List<String> settleAndStop(String... readOptions) throws InterruptedException {
        settleAndClose();
        return read(file, readOptions);
    }

    /** Like {@link #settleAndStopUntimed()}, the lines those of {@link #readWithEpochTimes}. */
    public List<String> settleAndStopWithEpochTimes() throws InterruptedException {
        settleAndClose();
        return readWithEpochTimes(file);
    }

    private void settleAndClose() throws InterruptedException {
        // --immediate-mode hands each packet to tcpdump at once, but tcpdump reads its socket when it is scheduled;
        // SIGTERM ends it at once, and what it has not read by then is lost
        Thread.sleep(SETTLE.toMillis());
        close();
    }

    @Override
    public void close() {
        process.close();
    }
}
