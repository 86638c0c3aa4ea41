package io.github.netnsjunit.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures building and tearing down two topologies through the library and through the ip/nft commands.
 *
 * <pre>
 * java -jar benchmarks/target/netns-benchmarks.jar [--iterations N] [--warmup W] [--ip-warmup V] [--only NAME,...]
 * </pre>
 *
 * For every variant: warm-up runs (W for the library, whose build path the JIT compiles meanwhile; V for the ip
 * variants), then N measured runs, each: setup (timed), one ping (untimed, counted), teardown (timed: the
 * synchronous part), then (untimed) a wait until the kernel has really destroyed the namespaces, reported as
 * "gone". The library variants are then also measured back to back, without that wait. Needs root
 * (CAP_SYS_ADMIN, CAP_NET_ADMIN) and the ip, nft, ping and sysctl commands.
 */
public final class TopologyBenchmark {
    /** Back-to-back runs made before measuring, so that the measured ones meet a steady destruction backlog. */
    private static final int BACKLOG_RUNS = 50;

    private TopologyBenchmark() {
    }

    /**
     * Runs back to back, without waiting for the kernel to destroy the previous run's namespaces, as consecutive
     * tests do (and as the reference C figures were measured). The last run waits, so that the next variant
     * starts with a quiet kernel.
     */
    private static List<Sample> backToBack(Variant v, int iterations) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < BACKLOG_RUNS + iterations; i++) {
            Sample s = v.runOnce(i == BACKLOG_RUNS + iterations - 1);
            if (i >= BACKLOG_RUNS) {
                samples.add(s);
            }
        }
        return samples;
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int iterations = 200;
        int warmup = 1000;
        int ipWarmup = 20;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations", "-n" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup", "-w" -> warmup = Integer.parseInt(args[++i]);
                case "--ip-warmup" -> ipWarmup = Integer.parseInt(args[++i]);
                case "--only" -> only.addAll(List.of(args[++i].toLowerCase(Locale.ROOT).split(",")));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar netns-benchmarks.jar [--iterations N (200)] [--warmup W (1000,"
                            + " library)] [--ip-warmup V (20, ip variants)] [--only lib-a,lib-b,ip-a,ip-b,batch-a,batch-b]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (try --help)");
            }
        }
        Map<String, Variant> variants = new LinkedHashMap<>();
        Map<String, List<Sample>> results = new LinkedHashMap<>();
        Map<String, List<Sample>> firstRuns = new LinkedHashMap<>();
        Map<String, List<Sample>> backToBack = new LinkedHashMap<>();
        Map<String, Integer> errors = new LinkedHashMap<>();
        try (GoneProbe probe = new GoneProbe()) {
            IpVariants ip = new IpVariants(probe);
            variants.put("lib-a", LibraryVariants.twoNamespaces(probe));
            variants.put("ip-a", ip.commandsA());
            variants.put("batch-a", ip.batchA());
            variants.put("lib-b", LibraryVariants.seed4(probe));
            variants.put("ip-b", ip.commandsB());
            variants.put("batch-b", ip.batchB());
            for (Map.Entry<String, Variant> e : variants.entrySet()) {
                if (!only.isEmpty() && !only.contains(e.getKey())) {
                    continue;
                }
                Variant v = e.getValue();
                int warmUpRuns = v.needsJitWarmUp() ? warmup : ipWarmup;
                System.err.printf("%-16s warm-up %d, measuring %d ...%n", v.name(), warmUpRuns, iterations);
                List<Sample> samples = new ArrayList<>();
                List<Sample> first = new ArrayList<>();
                int failed = 0;
                for (int i = 0; i < warmUpRuns + iterations; i++) {
                    Sample s;
                    try {
                        s = v.runOnce();
                    } catch (Exception | Error ex) {
                        failed++;
                        System.err.println(v.name() + " run " + i + " failed: " + ex);
                        if (failed > 5) {
                            throw ex;
                        }
                        continue;
                    }
                    if (i >= warmUpRuns) {
                        samples.add(s);
                    } else if (v.needsJitWarmUp() && first.size() < iterations) {
                        first.add(s);
                    }
                }
                results.put(e.getKey(), samples);
                if (!first.isEmpty()) {
                    firstRuns.put(e.getKey(), first);
                }
                if (v.needsJitWarmUp()) {
                    System.err.printf("%-16s back to back: %d runs to let the kernel's destruction backlog settle,"
                            + " measuring %d ...%n", v.name(), BACKLOG_RUNS, iterations);
                    backToBack.put(e.getKey(), backToBack(v, iterations));
                }
                errors.put(e.getKey(), failed);
            }
        }
        Report.print(System.out, variants, results, firstRuns, backToBack, errors, iterations, warmup, ipWarmup);
    }
}
