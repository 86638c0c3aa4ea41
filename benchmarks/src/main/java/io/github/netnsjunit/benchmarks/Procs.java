package io.github.netnsjunit.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs commands as child processes (stdout and stderr merged, read to the end). */
final class Procs {
    private Procs() {
    }

    /** A command line with optional standard input. */
    record Cmd(String stdin, List<String> argv) {
        static Cmd of(String... argv) {
            return new Cmd(null, List.of(argv));
        }

        static Cmd withInput(String stdin, String... argv) {
            return new Cmd(stdin, List.of(argv));
        }
    }

    /** Runs {@code argv}; throws with its output if the exit code is not 0. */
    static void run(String... argv) throws IOException, InterruptedException {
        runAll(List.of(Cmd.of(argv)));
    }

    /** Runs {@code argv} and returns its exit code, output discarded. */
    static int exitCode(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        return p.waitFor();
    }

    /** Output of {@code argv} (stdout + stderr), whatever its exit code. */
    static String output(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.strip();
    }

    /** Starts every command at once (they run concurrently), then waits for all; throws on any failure. */
    static void runAll(List<Cmd> cmds) throws IOException, InterruptedException {
        List<Process> started = new ArrayList<>();
        try {
            for (Cmd c : cmds) {
                Process p = new ProcessBuilder(c.argv()).redirectErrorStream(true).start();
                started.add(p);
                try (OutputStream in = p.getOutputStream()) {
                    if (c.stdin() != null) {
                        in.write(c.stdin().getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
            StringBuilder failures = new StringBuilder();
            for (int i = 0; i < started.size(); i++) {
                Process p = started.get(i);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int rc = p.waitFor();
                if (rc != 0) {
                    failures.append(String.join(" ", cmds.get(i).argv())).append(" -> exit ").append(rc)
                            .append(": ").append(out.strip()).append('\n');
                }
            }
            if (failures.length() > 0) {
                throw new IOException("command failed:\n" + failures);
            }
        } finally {
            for (Process p : started) {
                if (p.isAlive()) {
                    p.destroyForcibly();
                    p.waitFor();
                }
            }
        }
    }
}
