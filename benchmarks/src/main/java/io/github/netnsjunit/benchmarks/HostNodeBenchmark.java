package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TopologyPlan;
import io.github.netnsjunit.junit.internal.HostBaseline;
import io.github.netnsjunit.netlink.ns.JvmNamespace;
import io.github.netnsjunit.netlink.ns.NetNamespace;
import io.github.netnsjunit.netlink.route.RouteClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The per-test cost of the recommended style for real clients (issue 19) against today's fresh topology per test.
 * Both give the client a server in a namespace of its own behind a veth:
 * <ul>
 *   <li><b>fresh</b>: namespaces {@code cli} and {@code srv}, a veth between them; the client code runs in
 *       {@code cli} on its pinned thread (one call);</li>
 *   <li><b>host node</b>: namespace {@code srv} and a veth to {@code "host"}, the JVM's private namespace
 *       ({@code netns.junit.jvmNamespace=private}, made by this program as the extension makes it); the client code
 *       runs on the calling thread; after teardown the host is compared with its baseline, as every test's teardown
 *       does.</li>
 * </ul>
 * Interleaved in one run; medians and the ratio. Run as root: {@code java -cp benchmarks/target/netns-benchmarks.jar
 * io.github.netnsjunit.benchmarks.HostNodeBenchmark [iterations]}.
 */
public final class HostNodeBenchmark {
    private HostNodeBenchmark() {
    }

    public static void main(String[] args) throws Throwable {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = 20;
        JvmNamespace.makePrivate();
        try (NetNamespace own = NetNamespace.host()) {
            RouteClient.of(own).linkUp("lo");
        }
        TopologyPlan fresh = TopologyPlan.of(NetworkTopology.builder().namespace("cli").namespace("srv")
                .veth("eth0", "cli", "eth0", "srv", v -> v.address("10.78.0.1/24").peerAddress("10.78.0.2/24"))
                .build());
        TopologyPlan hostNode = TopologyPlan.of(NetworkTopology.builder().namespace("srv")
                .veth("hn0", "host", "eth0", "srv", v -> v.address("10.78.1.1/24").peerAddress("10.78.1.2/24"))
                .build());
        HostBaseline baseline = HostBaseline.take();
        long[] freshNanos = new long[n];
        long[] hostNanos = new long[n];
        long[] checkNanos = new long[n];
        for (int i = 0; i < n + warmup; i++) {
            long t0 = System.nanoTime();
            try (BuiltTopology live = fresh.build(Duration.ofSeconds(5))) {
                live.namespace("cli").call(() -> null);
            }
            long t1 = System.nanoTime();
            try (BuiltTopology live = hostNode.build(Duration.ofSeconds(5))) {
                live.namespace("srv");
            }
            long t2 = System.nanoTime();
            List<String> differences = baseline.differences(HostBaseline.take());
            long t3 = System.nanoTime();
            if (!differences.isEmpty()) {
                throw new IllegalStateException("host differs from its baseline: " + differences);
            }
            if (i >= warmup) {
                freshNanos[i - warmup] = t1 - t0;
                hostNanos[i - warmup] = t3 - t1;
                checkNanos[i - warmup] = t3 - t2;
            }
        }
        Arrays.sort(freshNanos);
        Arrays.sort(hostNanos);
        Arrays.sort(checkNanos);
        System.out.printf(Locale.ROOT, "per test, N = %d, %d cores: fresh topology (cli + srv) median %.2f ms;"
                + " host node (srv + veth to the JVM's private namespace, baseline check included) median %.2f ms,"
                + " of which the baseline check %.2f ms; ratio host node / fresh %.2f; p90 %.2f / %.2f ms%n", n,
                Runtime.getRuntime().availableProcessors(), freshNanos[n / 2] / 1e6, hostNanos[n / 2] / 1e6,
                checkNanos[n / 2] / 1e6, (double) hostNanos[n / 2] / freshNanos[n / 2],
                freshNanos[n * 9 / 10] / 1e6, hostNanos[n * 9 / 10] / 1e6);
    }
}
