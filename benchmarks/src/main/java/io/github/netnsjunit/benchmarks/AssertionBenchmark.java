package io.github.netnsjunit.benchmarks;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.TopologyPlan;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a reachability assertion costs when it passes, on a veth between two namespaces (topology (a)): the median
 * of {@code assertThat(ns).canPing(address)} and of {@code canConnect(address, port)}, next to the three-echo
 * {@code NetNs.ping(address)} the assertion used before, and {@code ping -c 1} from iputils as a process (the C
 * way). It also shows that a passing assertion runs no trace: the JVM's open file descriptors are the same before
 * and after the measured runs (a trace opens one capture socket per namespace). And, once, what a failing
 * {@code canPing} costs with its trace.
 *
 * <pre>
 * java -cp benchmarks/target/netns-benchmarks.jar io.github.netnsjunit.benchmarks.AssertionBenchmark [--iterations N]
 * </pre>
 */
public final class AssertionBenchmark {
    private AssertionBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int iterations = 1000;
        int warmup = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations", "-n" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup", "-w" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("usage: AssertionBenchmark [--iterations N (1000)]"
                        + " [--warmup W (2000)]");
            }
        }
        BuiltTopology live = TopologyPlan.of(
                NetworkTopology.builder()
                        .namespace("nsA")
                        .namespace("nsB")
                        .veth("veth0", "nsA", "veth1", "nsB", v -> v.address("10.0.0.1/24").peerAddress("10.0.0.2/24"))
                        .build()).build(Duration.ofSeconds(5));
        try {
            NetNs a = live.namespace("nsA");
            NetNs b = live.namespace("nsB");
            try (ServerSocket server = a.call(() -> new ServerSocket(8080, 1000, InetAddress.getByName("10.0.0.1")))) {
                // accepting happens on a thread started from the JVM's namespace: the listening socket is enough
                Thread acceptor = new Thread(() -> acceptAll(server), "benchmark-acceptor");
                acceptor.setDaemon(true);
                acceptor.start();

                for (int i = 0; i < warmup; i++) {
                    assertThat(b).canPing("10.0.0.1").canConnect("10.0.0.1", 8080);
                }
                int fdsBefore = openFds();
                Stats canPing = measure(iterations, () -> assertThat(b).canPing("10.0.0.1"));
                Stats canConnect = measure(iterations, () -> assertThat(b).canConnect("10.0.0.1", 8080));
                int fdsAfter = openFds();
                Stats oldPing = measure(Math.min(iterations, 20), () -> b.ping("10.0.0.1"));
                Stats process = measure(Math.min(iterations, 100), () -> run("nsenter", "--net=" + b.path(), "--",
                        "ping", "-c", "1", "-W", "1", "-q", "10.0.0.1"));
                long failStart = System.nanoTime();
                String message = "";
                try {
                    assertThat(b).canPing("10.0.0.9");
                } catch (AssertionError e) {
                    message = e.getMessage();
                }
                double failing = (System.nanoTime() - failStart) / 1e6;
                int fdsAfterTrace = openFds();

                System.out.printf(Locale.ROOT, "passing assertions on a veth (N = %d after %d warm-up runs; ms)%n",
                        iterations, warmup);
                row("canPing (first reply)", canPing);
                row("canConnect (first accept)", canConnect);
                row("NetNs.ping: 3 echoes, 200 ms apart", oldPing);
                row("ping -c 1 process (iputils, nsenter)", process);
                System.out.printf(Locale.ROOT, "canPing vs ping -c 1 process: %.0fx faster%n",
                        process.median() / canPing.median());
                System.out.printf(Locale.ROOT, "open fds before/after the passing runs: %d/%d (no capture socket,"
                        + " no trace)%n", fdsBefore, fdsAfter);
                System.out.printf(Locale.ROOT, "one failing canPing with its trace: %.0f ms, fds after it: %d;"
                        + " message starts: %s%n", failing, fdsAfterTrace, message.lines().findFirst().orElse(""));
            }
        } finally {
            live.close();
        }
    }

    private static void acceptAll(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                server.accept().close(); // closed at once: the assertion only needs the handshake
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Stats measure(int n, Step step) throws Exception {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            step.run();
            nanos[i] = System.nanoTime() - t0;
        }
        return new Stats(nanos);
    }

    private static void row(String name, Stats s) {
        System.out.printf(Locale.ROOT, "  %-40s median %8.3f  p90 %8.3f  min %8.3f%n", name, s.median(),
                s.percentile(90), s.min());
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(List.of(command) + " failed: exit " + p.exitValue());
        }
    }
}
