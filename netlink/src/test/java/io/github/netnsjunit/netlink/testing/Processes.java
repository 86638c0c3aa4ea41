package io.github.netnsjunit.netlink.testing;

import io.github.netnsjunit.netlink.ns.JvmNamespace;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The one way the tests start programs (the independent oracles {@code ip}, {@code nft}, {@code tc}, {@code tcpdump},
 * {@code nsenter}, child JVMs). Two rules hold for every process started here:
 *
 * <ul>
 *   <li>It is forked through {@link JvmNamespace}: in the JVM's own network namespace, whatever thread asks. The
 *       first fork starts the JDK's "process reaper" thread, which is created by the forking thread and so is born
 *       in that thread's namespace; a reaper born on a test namespace's thread would hold the namespace alive after
 *       the test, and fail every leak check that follows. The threads that read the output are started there too.
 *   <li>Its standard output and standard error are read at the same time, each by its own thread: a program that
 *       fills the 64 KiB pipe of the stream nobody reads blocks forever, and reading one stream to its end before
 *       the other deadlocks as soon as the other gets more than a pipe's worth.
 * </ul>
 */
public final class Processes {
    /** How long {@link #run} waits for a program before it kills it and fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Processes() {
    }

    /** What a finished program printed, and its exit code. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** Both streams, stdout first, for messages and for checks that do not care where a line went. */
        public String output() {
            return stdout.isEmpty() || stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
        }

        /** The standard output; fails, showing both streams, on a non-zero exit. */
        public String stdoutIfSucceeded() {
            if (exitCode != 0) {
                throw new AssertionError(describe());
            }
            return stdout;
        }

        /** The command line, the exit code and both streams, for failure messages. */
        public String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout:\n" + stdout
                    + "\n--- stderr:\n" + stderr;
        }
    }

    /** Runs a program to its end and returns its standard output; fails on a non-zero exit or after 30 s. */
    public static String run(String... command) {
        return exec(List.of(command), DEFAULT_TIMEOUT).stdoutIfSucceeded();
    }

    /** Runs {@code command} inside the network namespace at {@code path}: {@code nsenter --net=PATH -- command}. */
    public static String runIn(String path, String... command) {
        return exec(nsenter(path, command), DEFAULT_TIMEOUT).stdoutIfSucceeded();
    }

    /** The argument vector {@code nsenter --net=PATH -- command...}. */
    public static List<String> nsenter(String path, String... command) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("nsenter", "--net=" + path, "--"),
                java.util.stream.Stream.of(command)).toList();
    }

    /**
     * Runs a program to its end, whatever its exit code. If it has not ended after {@code timeout}, it (and what it
     * started) is killed and this fails with what it printed so far.
     */
    public static Result exec(List<String> command, Duration timeout) {
        try (BackgroundProcess p = start(new ProcessBuilder(command))) {
            if (!p.waitFor(timeout)) {
                p.kill();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\n--- stdout:\n" + p.stdout() + "\n--- stderr:\n" + p.stderr());
            }
            return new Result(List.copyOf(command), p.process().exitValue(), p.stdout(), p.stderr());
        }
    }

    /**
     * Starts a program that runs in the background, both output streams drained into memory from now on (unless the
     * builder redirects them); its stdin is closed. {@link BackgroundProcess#close()} ends it.
     */
    public static BackgroundProcess start(ProcessBuilder builder) {
        return inJvmNamespace(String.join(" ", builder.command()), () -> BackgroundProcess.start(builder));
    }

    /** Runs {@code task} on a thread in the JVM's own network namespace (directly, if the caller is there). */
    private static <T> T inJvmNamespace(String command, Callable<T> task) {
        try {
            return JvmNamespace.call(task::call);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
