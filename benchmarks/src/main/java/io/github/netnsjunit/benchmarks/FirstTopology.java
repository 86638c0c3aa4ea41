package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TopologyPlan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The child process of {@link FreshJvmBenchmark}: what the first test in a fresh JVM pays, timed part by part. Its
 * {@code main} is the first code of the process that touches the library: {@link TopologyPlan#of} (timed),
 * {@link TopologyPlan#build()} (timed), a listening socket in {@code nsA} (untimed: the test's own server), the first
 * {@link NetNs#canConnect} from {@code nsB} to it (timed), then {@link BuiltTopology#close()} (timed). It prints one
 * line, {@code first-topology plan=NANOS build=NANOS probe=NANOS close=NANOS cpu=NANOS}, read by the parent ({@code cpu}:
 * the CPU time of the whole JVM by then).
 *
 * <p>With the argument {@code --empty} it returns at once: the parent's reference, an empty JVM's start and exit.
 * With {@code --profile} it samples its threads meanwhile and prints where the time went ({@link StartupSampler}).
 * With {@code -Dnetns.benchmark.launcher-warmth=true} it first does what a JUnit launcher has done before the first
 * test ({@link LauncherWarmth}), untimed but counted in the JVM's CPU time, the empty JVM's included. With
 * {@code -Dnetns.benchmark.through-extension=true} it runs the first test through the extension instead
 * ({@link FirstExtensionTest}) and reports that whole test (setup, body, teardown) as {@code build}.
 */
public final class FirstTopology {
    private FirstTopology() {
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) throws Exception {
        if (LauncherWarmth.requested()) {
            LauncherWarmth.run();
        }
        if (args.length > 0 && args[0].equals("--empty")) {
            System.out.printf(Locale.ROOT, "empty cpu=%d%n", cpuNanos());
            return;
        }
        if (FirstExtensionTest.requested()) {
            // the whole first test through the extension, reported as "build" (plan, probe and close are in it)
            StartupSampler sampler = args.length > 0 && args[0].equals("--profile") ? new StartupSampler().start()
                    : null;
            long test = FirstExtensionTest.run();
            if (sampler != null) {
                sampler.stopAndPrint(2);
            }
            System.out.printf(Locale.ROOT, "first-topology plan=0 build=%d probe=0 close=0 cpu=%d%n", test, cpuNanos());
            return;
        }
        StartupSampler sampler = args.length > 0 && args[0].equals("--profile") ? new StartupSampler().start() : null;
        long t0 = System.nanoTime();
        TopologyPlan plan = TopologyPlan.of(NetworkTopology.builder()
                .namespace("nsA")
                .namespace("nsB")
                .veth("veth0", "nsA", "veth1", "nsB", v -> v.address("10.0.0.1/24").peerAddress("10.0.0.2/24"))
                .build());
        long t1 = System.nanoTime();
        BuiltTopology live = plan.build();
        long t2 = System.nanoTime();
        long t3;
        long t4;
        try (ServerSocket server = live.namespace("nsA")
                .call(() -> new ServerSocket(8080, 10, InetAddress.getByName("10.0.0.1")))) {
            t3 = System.nanoTime();
            if (!live.namespace("nsB").canConnect("10.0.0.1", server.getLocalPort(), Duration.ofSeconds(1))) {
                throw new IllegalStateException("nsB could not connect to 10.0.0.1:8080 in nsA");
            }
            t4 = System.nanoTime();
        }
        live.close();
        long t5 = System.nanoTime();
        if (sampler != null) {
            sampler.stopAndPrint(2);
        }
        System.out.printf(Locale.ROOT, "first-topology plan=%d build=%d probe=%d close=%d cpu=%d%n", t1 - t0, t2 - t1,
                t4 - t3, t5 - t4, cpuNanos());
    }

    /**
     * CPU time of the whole JVM so far (every thread: JIT compilers, GC, ours), from {@code /proc/self/task/TID/schedstat}
     * (first field, nanoseconds on a CPU): unlike wall time, it barely moves with the machine's load.
     */
    static long cpuNanos() throws IOException {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                try {
                    sum += Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
                } catch (NoSuchFileException ended) {
                    // a thread that ended meanwhile: its time is lost to the sum (JIT and GC threads live on)
                }
            }
        }
        return sum;
    }
}
