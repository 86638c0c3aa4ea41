package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.Arrays;

/**
 * What a pinned namespace thread costs, with and without the private mount namespace that shows it its namespace
 * in {@code /sys} and {@code /proc/net}: start, one call, end (until the kernel task is gone), interleaved in one
 * run. A thread pinned to the JVM's own namespace gets no such view, so it is the baseline. Then the whole life of
 * a namespace with one pinned thread (create, first thread, one call, close), where a view made once per namespace
 * is paid.
 *
 * <p>Run as root: {@code java -cp benchmarks/target/netns-benchmarks.jar
 * io.github.netnsjunit.benchmarks.PinnedThreadBenchmark [iterations]}.
 */
public final class PinnedThreadBenchmark {
    private PinnedThreadBenchmark() {
    }

    public static void main(String[] args) throws Throwable {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = 50;
        long[] withView = new long[n];
        long[] without = new long[n];
        // the whole life of a namespace with one pinned thread: where the view is made once per namespace, its cost
        // (making it, and the kernel ending it at close) is here, not in the thread figures below. Measured first, so
        // that the code making a view has run as often in the JIT whether each thread makes one or the namespace does
        int lives = Math.max(20, n / 3);
        long[] life = new long[lives];
        for (int i = 0; i < lives + 10; i++) {
            long t0 = System.nanoTime();
            try (NamespaceHandle ns = NamespaceHandle.create("life")) {
                ns.call(() -> null);
            }
            long t1 = System.nanoTime();
            if (i >= 10) {
                life[i - 10] = t1 - t0;
            }
        }
        try (NamespaceHandle owned = NamespaceHandle.create("bench"); NamespaceHandle host = NamespaceHandle.host()) {
            for (int i = 0; i < n + warmup; i++) {
                long t0 = System.nanoTime();
                owned.call(() -> null);
                owned.releaseThread(1000);
                long t1 = System.nanoTime();
                host.call(() -> null);
                host.releaseThread(1000);
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    withView[i - warmup] = t1 - t0;
                    without[i - warmup] = t2 - t1;
                }
            }
        }
        Arrays.sort(life);
        Arrays.sort(withView);
        Arrays.sort(without);
        System.out.printf("pinned thread start + one call + end, N = %d: median %.0f us with the namespace view,"
                + " %.0f us without (JVM's own namespace), ratio %.2f; p90 %.0f / %.0f us%n", n,
                withView[n / 2] / 1e3, without[n / 2] / 1e3, (double) withView[n / 2] / without[n / 2],
                withView[n * 9 / 10] / 1e3, without[n * 9 / 10] / 1e3);
        System.out.printf("namespace create + first pinned thread + one call + close, N = %d: median %.0f us, p90 %.0f us%n",
                lives, life[lives / 2] / 1e3, life[lives * 9 / 10] / 1e3);
    }
}
