package io.github.netnsjunit.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link FreshJvmBenchmark}'s reference "the {@code ip} command way": the first topology as a test without this
 * library would make it, by running commands from a shell — two namespaces ({@code ip netns add}), a veth between
 * them with an address on each end, both ends up, one {@code ping -c 1} from the second to the first, both namespaces
 * deleted — timed from the shell's start to its exit, with the CPU time of the shell and all its commands (bash's
 * {@code times}: its own and its children's user + system time, from getrusage(2)).
 *
 * <p>The namespaces are named {@code nfj-PID-a}/{@code -b} (PID: this JVM's); only those are ever deleted, also after
 * a failure.
 */
final class IpFirstTopology {
    private static final Pattern TIME = Pattern.compile("(\\d+)m(\\d+)\\.(\\d+)s");

    private final String a = "nfj-" + ProcessHandle.current().pid() + "-a";
    private final String b = "nfj-" + ProcessHandle.current().pid() + "-b";

    /** One run's wall time (shell start to exit) and CPU time (shell and children), in nanoseconds. */
    record Run(long wall, long cpu) {
    }

    Run runOnce() throws IOException, InterruptedException {
        String script = String.join("\n",
                "set -e",
                "ip netns add " + a,
                "ip netns add " + b,
                "ip link add veth0 netns " + a + " type veth peer name veth1 netns " + b,
                "ip -n " + a + " addr add 10.0.0.1/24 dev veth0",
                "ip -n " + b + " addr add 10.0.0.2/24 dev veth1",
                "ip -n " + a + " link set veth0 up",
                "ip -n " + b + " link set veth1 up",
                "ip netns exec " + b + " ping -q -c 1 -w 2 10.0.0.1 >/dev/null",
                "ip netns del " + a,
                "ip netns del " + b,
                "times");
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        long wall = System.nanoTime() - start;
        try {
            if (rc != 0) {
                throw new IOException("the ip command way failed (exit " + rc + "): " + out.strip());
            }
            // times: "0m0.001s 0m0.002s" (the shell's user and system time), then the same for its children
            long cpu = 0;
            Matcher m = TIME.matcher(out);
            int fields = 0;
            while (m.find()) {
                cpu += Long.parseLong(m.group(1)) * 60_000_000_000L + Long.parseLong(m.group(2)) * 1_000_000_000L
                        + Long.parseLong((m.group(3) + "000000000").substring(0, 9));
                fields++;
            }
            if (fields != 4) {
                throw new IOException("no times from the ip command way: " + out.strip());
            }
            return new Run(wall, cpu);
        } finally {
            deleteLeftovers();
        }
    }

    /** Deletes our two namespaces if a failed run left them (never any other). */
    private void deleteLeftovers() throws IOException, InterruptedException {
        for (String ns : List.of(a, b)) {
            if (Files.exists(Path.of("/run/netns", ns))) {
                Procs.exitCode("ip", "netns", "del", ns);
            }
        }
    }
}
