package io.github.netnsjunit.netlink.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program started by {@link Processes#start}: its stdout and stderr are each read by a thread of their own
 * ({@code fixture-stdout-PID}, {@code fixture-stderr-PID}, daemons, ended when the stream ends) into memory, so it
 * never blocks on a full pipe and everything it printed is there for the failure message. {@link #close()} ends
 * the program (SIGTERM, then SIGKILL after 10 s) and waits for both readers.
 */
public final class BackgroundProcess implements AutoCloseable {
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration READER_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final Drain stdout;
    private final Drain stderr;

    private BackgroundProcess(Process process, Drain stdout, Drain stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Forks here and now (the caller is on a thread of the JVM's namespace, see {@link Processes}). */
    static BackgroundProcess start(ProcessBuilder builder) throws IOException {
        Process p = builder.start();
        p.getOutputStream().close();
        Drain out = Drain.start(p.getInputStream(), "fixture-stdout-" + p.pid());
        Drain err = Drain.start(p.getErrorStream(), "fixture-stderr-" + p.pid());
        return new BackgroundProcess(p, out, err);
    }

    /** The process itself. */
    public Process process() {
        return process;
    }

    /** What it wrote to stdout so far. */
    public String stdout() {
        return stdout.text();
    }

    /** What it wrote to stderr so far. */
    public String stderr() {
        return stderr.text();
    }

    /**
     * Waits until a complete line of stdout or stderr satisfies {@code condition} and returns it; empty if the
     * program ended first or {@code timeout} passed.
     */
    public Optional<String> awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> line = stdout.firstLine(condition).or(() -> stderr.firstLine(condition));
            if (line.isPresent()) {
                return line;
            }
            boolean ended = stdout.ended() && stderr.ended();
            if (ended || System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(5);
        }
    }

    /**
     * Waits up to {@code timeout} for the program to exit and, once it has, for both readers to reach the end of
     * their streams; true if it exited.
     */
    public boolean waitFor(Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
            // a child of the program may still hold the pipes; do not wait for it beyond the deadline
            long left = Math.max(READER_GRACE.toNanos(), deadline - System.nanoTime());
            stdout.join(left);
            stderr.join(left);
            return true;
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + process.info().commandLine().orElse("a program"), e);
        }
    }

    /**
     * SIGKILL to the program and everything it started; returns once all of them have ended (or 10 s passed). A
     * killed grandchild is no longer running once it is a zombie, waiting for init to reap it.
     */
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            while (descendants.stream().anyMatch(d -> Kernel.isRunning(d.pid())) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the program if it still runs (SIGTERM, so it can flush; SIGKILL after 10 s), and both readers. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
            }
        }
        try {
            stdout.join(READER_GRACE.toNanos());
            stderr.join(READER_GRACE.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One stream read to its end by a thread of its own. */
    private static final class Drain {
        private final StringBuilder text = new StringBuilder();
        private final Thread thread;
        private volatile boolean ended;

        private Drain(InputStream in, String name) {
            this.thread = new Thread(() -> read(in), name);
            this.thread.setDaemon(true);
        }

        static Drain start(InputStream in, String name) {
            Drain d = new Drain(in, name);
            d.thread.start();
            return d;
        }

        private void read(InputStream in) {
            char[] buffer = new char[8192];
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                for (int n; (n = r.read(buffer)) >= 0; ) {
                    synchronized (text) {
                        text.append(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                synchronized (text) {
                    text.append("\n[reading failed: ").append(e).append(']');
                }
            } finally {
                ended = true;
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }

        boolean ended() {
            return ended;
        }

        Optional<String> firstLine(Predicate<String> condition) {
            String all = text();
            int end = all.lastIndexOf('\n');
            String complete = end < 0 ? "" : all.substring(0, end);
            return complete.lines().filter(condition).findFirst();
        }

        void join(long nanos) throws InterruptedException {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        }
    }
}
