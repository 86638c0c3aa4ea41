package io.github.netnsjunit.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the first topology costs in a fresh JVM, as a developer running one test from the IDE pays it: N fresh JVMs
 * (default 20), each running {@link FirstTopology} ({@code TopologyPlan.of} + first {@code build()} + first
 * {@code canConnect}, two namespaces and a veth), interleaved with N empty JVMs (start and exit, same class path and
 * options) as the reference of the same run. Optionally a second series with an application class-data-sharing
 * archive (CDS) that a user can turn on, made by one training run first.
 *
 * <pre>
 * java -cp benchmarks/target/netns-benchmarks.jar io.github.netnsjunit.benchmarks.FreshJvmBenchmark [--runs N]
 *      [--java PATH] [--cds] [--jvm-option OPTION]...
 * </pre>
 */
public final class FreshJvmBenchmark {
    private static final Pattern LINE = Pattern.compile(
            "first-topology plan=(\\d+) build=(\\d+) probe=(\\d+) close=(\\d+)");

    private FreshJvmBenchmark() {
    }

    /** One child's figures, in nanoseconds; {@code wall} is the process from start to exit, seen by the parent. */
    private record Child(long plan, long build, long probe, long close, long wall) {
        long firstTest() {
            return plan + build + probe;
        }
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int runs = 20;
        boolean cds = false;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs", "-n" -> runs = Integer.parseInt(args[++i]);
                case "--java" -> java = args[++i];
                case "--cds" -> cds = true;
                case "--jvm-option" -> options.add(args[++i]);
                default -> throw new IllegalArgumentException("usage: FreshJvmBenchmark [--runs N (20)] [--java PATH]"
                        + " [--cds] [--jvm-option OPTION]...");
            }
        }
        String classPath = System.getProperty("java.class.path");
        System.out.printf(Locale.ROOT, "netns-junit fresh-JVM benchmark: N=%d fresh JVMs per series, each timing"
                + " TopologyPlan.of + first build() + first canConnect (two namespaces + veth); interleaved with"
                + " N empty JVMs%n", runs);
        System.out.printf(Locale.ROOT, "JVM: %s (%s), options %s, kernel: %s, cores: %d%n",
                Procs.output(java, "-version").lines().skip(1).findFirst().orElse("?"), java, options,
                System.getProperty("os.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("times in ms, medians (min-max); 'first test' = plan + build + probe; 'JVM wall' = process"
                + " start to exit");
        series("default", java, options, classPath, runs);
        if (cds) {
            Path archive = Files.createTempFile("netns-fresh-jvm", ".jsa");
            try {
                List<String> dump = new ArrayList<>(options);
                dump.add("-XX:ArchiveClassesAtExit=" + archive);
                run(java, dump, classPath, false); // the training run writes the archive at exit
                List<String> withArchive = new ArrayList<>(options);
                withArchive.add("-XX:SharedArchiveFile=" + archive);
                series("CDS archive (-XX:SharedArchiveFile, made by -XX:ArchiveClassesAtExit)", java, withArchive,
                        classPath, runs);
            } finally {
                Files.deleteIfExists(archive);
            }
        }
    }

    private static void series(String name, String java, List<String> options, String classPath, int runs)
            throws IOException, InterruptedException {
        run(java, options, classPath, false); // one unmeasured run of each: page cache, kernel module state
        run(java, options, classPath, true);
        List<Child> first = new ArrayList<>();
        List<Child> empty = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            first.add(run(java, options, classPath, false));
            empty.add(run(java, options, classPath, true));
        }
        System.out.println();
        System.out.println(name + ":");
        row("plan", first.stream().mapToLong(Child::plan).toArray());
        row("first build", first.stream().mapToLong(Child::build).toArray());
        row("first canConnect", first.stream().mapToLong(Child::probe).toArray());
        row("first test", first.stream().mapToLong(Child::firstTest).toArray());
        row("close", first.stream().mapToLong(Child::close).toArray());
        row("JVM wall, topology", first.stream().mapToLong(Child::wall).toArray());
        row("JVM wall, empty", empty.stream().mapToLong(Child::wall).toArray());
        double test = new Stats(first.stream().mapToLong(Child::firstTest).toArray()).median();
        double emptyWall = new Stats(empty.stream().mapToLong(Child::wall).toArray()).median();
        System.out.printf(Locale.ROOT, "  first test %.1f ms = %.2fx an empty JVM's start and exit (%.1f ms);"
                + " target <= 50 ms: %s%n", test, test / emptyWall, emptyWall, test <= 50 ? "met" : "MISSED");
    }

    private static void row(String what, long[] nanos) {
        Stats s = new Stats(nanos);
        System.out.printf(Locale.ROOT, "  %-20s %8.1f  (%.1f-%.1f)%n", what, s.median(), s.min(), s.max());
    }

    /** Runs one child JVM; {@code empty}: it returns at once. */
    private static Child run(String java, List<String> options, String classPath, boolean empty)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(options);
        argv.add("-cp");
        argv.add(classPath);
        argv.add(FirstTopology.class.getName());
        if (empty) {
            argv.add("--empty");
        }
        long start = System.nanoTime();
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        long wall = System.nanoTime() - start;
        if (rc != 0) {
            throw new IOException(String.join(" ", argv) + " -> exit " + rc + ": " + out.strip());
        }
        if (empty) {
            return new Child(0, 0, 0, 0, wall);
        }
        Matcher m = LINE.matcher(out);
        if (!m.find()) {
            throw new IOException("no figures from " + String.join(" ", argv) + ": " + out.strip());
        }
        return new Child(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), wall);
    }
}
