package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.NetnsConfig;
import io.github.netnsjunit.junit.TopologyPlan;
import io.github.netnsjunit.netlink.icmp.IcmpEcho;
import io.github.netnsjunit.netlink.icmp.PingReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Figures for link conditions (issue 12): the relay's overhead on an unconditioned link (RTT added, TCP throughput
 * against a plain veth), delay accuracy for 10 ms and 50 ms per engine available, and the time to apply and heal a
 * partition; the relay's throughput with a per-port filter active, and the six-run TCP reproducibility count of
 * seeded loss (issue 20). Run as root: {@code java -cp benchmarks/target/netns-benchmarks.jar
 * io.github.netnsjunit.benchmarks.ConditionsBenchmark [--pings N] [--megabytes M]}.
 */
public final class ConditionsBenchmark {
    private static final PrintStream OUT = System.out;

    private ConditionsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pings = 500;
        int megabytes = 200;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--pings")) {
                pings = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--megabytes")) {
                megabytes = Integer.parseInt(args[i + 1]);
            }
        }
        // the engine is chosen as a user chooses it: the configuration parameter, here as a system property
        String kernel = "kernel";
        String userspace = "userspace";
        OUT.printf(Locale.ROOT, "link conditions benchmark: %d pings per figure (5 ms apart), %d MB per transfer, %d cores%n",
                pings, megabytes, Runtime.getRuntime().availableProcessors());

        // relay overhead on an unconditioned link
        double[] plainRtt = rtts(model(null), kernel, pings);
        double[] relayRtt = rtts(model(c -> { }), userspace, pings);
        OUT.printf(Locale.ROOT, "RTT plain veth:   p50 %.3f ms  p99 %.3f ms%n", p(plainRtt, 50), p(plainRtt, 99));
        OUT.printf(Locale.ROOT, "RTT via relay:    p50 %.3f ms  p99 %.3f ms  (added p50 %.3f ms)%n", p(relayRtt, 50),
                p(relayRtt, 99), p(relayRtt, 50) - p(plainRtt, 50));
        double plainMbit = throughput(model(null), kernel, megabytes);
        double relayMbit = throughput(model(c -> { }), userspace, megabytes);
        OUT.printf(Locale.ROOT, "TCP plain veth:   %.0f Mbit/s%n", plainMbit);
        OUT.printf(Locale.ROOT, "TCP via relay:    %.0f Mbit/s  (%.0f %% of plain; target >= 300)%n", relayMbit,
                100 * relayMbit / plainMbit);
        // a per-port filter active (a delay for port 8080 only; the transfer is to another port, so every frame is
        // classified and passes): the cost of classifying, against the unfiltered relay of the same run
        double filteredMbit = throughput(model(c -> c.delay("20ms").port(8080)), userspace, megabytes);
        OUT.printf(Locale.ROOT, "TCP via relay, per-port filter active: %.0f Mbit/s  (%.0f %% of the unfiltered relay;"
                + " target >= 80 %%)%n", filteredMbit, 100 * filteredMbit / relayMbit);
        try (BuiltTopology live = build(model(c -> { }), userspace)) {
            ReproducibilityFigures.print(live, InetAddress.getByName("10.77.0.2"), OUT);
        }

        // delay accuracy: RTT with a one-way delay minus the configured delay
        for (int ms : new int[] {10, 50}) {
            double[] d = rtts(model(c -> c.delay(ms + "ms")), userspace, Math.min(pings, 200));
            double[] error = Arrays.stream(d).map(x -> x - ms).toArray();
            OUT.printf(Locale.ROOT, "delay %2d ms userspace: measured-minus-configured RTT p50 %.3f ms p99 %.3f ms%n", ms,
                    p(error, 50), p(error, 99));
            try {
                double[] k = rtts(model(c -> c.delay(ms + "ms")), kernel, Math.min(pings, 200));
                double[] ke = Arrays.stream(k).map(x -> x - ms).toArray();
                OUT.printf(Locale.ROOT, "delay %2d ms kernel:    measured-minus-configured RTT p50 %.3f ms p99 %.3f ms%n",
                        ms, p(ke, 50), p(ke, 99));
            } catch (IllegalStateException noNetem) {
                OUT.printf("delay %2d ms kernel:    not measured: this kernel has no sch_netem (CONFIG_NET_SCH_NETEM)%n", ms);
            }
        }

        // partition apply / heal
        try (BuiltTopology live = build(model(null), kernel)) {
            List<Long> apply = new ArrayList<>();
            List<Long> heal = new ArrayList<>();
            for (int i = 0; i < 220; i++) {
                long t0 = System.nanoTime();
                Partition p = live.partition("ns0");
                long t1 = System.nanoTime();
                p.heal();
                long t2 = System.nanoTime();
                if (i >= 20) {
                    apply.add(t1 - t0);
                    heal.add(t2 - t1);
                }
            }
            OUT.printf(Locale.ROOT, "partition apply:  median %.3f ms; heal: median %.3f ms (2 namespaces, 200 runs)%n",
                    median(apply), median(heal));
        }
    }

    /** Builds the plan with the given engine ({@code netns.junit.conditions.engine}), read when the build starts. */
    private static BuiltTopology build(TopologyPlan plan, String engine) {
        System.setProperty(NetnsConfig.CONDITIONS_ENGINE, engine);
        return plan.build(Duration.ofSeconds(5));
    }

    private static TopologyPlan model(Consumer<NetworkTopology.ConditionOptions> conditions) {
        NetworkTopology.Builder b = NetworkTopology.builder().namespace("ns0").namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("10.77.0.1/24").peerAddress("10.77.0.2/24"));
        if (conditions != null) {
            b.conditions("ns0", "veth0", conditions);
        }
        return TopologyPlan.of(b.build());
    }

    private static double[] rtts(TopologyPlan model, String engine, int count) {
        try (BuiltTopology live = build(model, engine)) {
            InetAddress to = InetAddress.getByName("10.77.0.2");
            IcmpEcho.ping(live.handle("ns0"), to, 20, Duration.ofSeconds(1), Duration.ofMillis(5)); // ARP, warm-up
            PingReport r = IcmpEcho.ping(live.handle("ns0"), to, count, Duration.ofSeconds(1), Duration.ofMillis(5));
            return r.rtts().stream().mapToDouble(d -> d.toNanos() / 1e6).sorted().toArray();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double throughput(TopologyPlan model, String engine, int megabytes) throws Exception {
        try (BuiltTopology live = build(model, engine)) {
            InetAddress to = InetAddress.getByName("10.77.0.2");
            double best = 0;
            for (int run = 0; run < 3; run++) {
                try (ServerSocket server = live.namespace("ns1").call(() -> new ServerSocket(0, 5, to))) {
                    CompletableFuture<Long> read = new CompletableFuture<>();
                    Thread t = new Thread(() -> {
                        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                            long total = 0;
                            byte[] buf = new byte[1 << 16];
                            for (int n; (n = in.read(buf)) > 0; ) {
                                total += n;
                            }
                            read.complete(total);
                        } catch (Exception e) {
                            read.completeExceptionally(e);
                        }
                    }, "bench-reader");
                    t.start();
                    long bytes = (long) megabytes << 20;
                    long start = System.nanoTime();
                    live.namespace("ns0").run(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(to, server.getLocalPort()), 2000);
                            OutputStream out = s.getOutputStream();
                            byte[] chunk = new byte[1 << 16];
                            for (long sent = 0; sent < bytes; sent += chunk.length) {
                                out.write(chunk);
                            }
                        }
                    });
                    read.get();
                    t.join();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    best = Math.max(best, bytes * 8 / seconds / 1e6);
                }
            }
            return best;
        }
    }

    private static double p(double[] sorted, int percentile) {
        double[] s = sorted.clone();
        Arrays.sort(s);
        int i = (int) Math.min(s.length - 1, Math.ceil(percentile / 100.0 * s.length) - 1);
        return s[Math.max(0, i)];
    }

    private static double median(List<Long> nanos) {
        long[] s = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[s.length / 2] / 1e6;
    }
}
