package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.NetNs;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issue 20's reproducibility figure for {@link ConditionsBenchmark}: six runs of 200 request/response exchanges over
 * TCP (a 32-byte request, a 100-byte answer, one connection per run from a new ephemeral port) through 5 % loss both
 * ways with {@code seed = 42} on the userspace relay; an exchange is "slowed" when it takes over 50 ms (a lost
 * segment costs TCP a retransmission timeout or tail-loss probe of 200 ms and more here). Before decisions followed
 * the segment (issue 20: 25, 25, 25, 26, 24, 28 slowed Redis GETs at different indices), they followed arrival order.
 */
final class ReproducibilityFigures {
    static final int RUNS = 6;
    static final int EXCHANGES = 200;
    private static final long SLOW_NANOS = 50_000_000L;
    private static final int PORT = 6379;

    private ReproducibilityFigures() {
    }

    /** Prints the slowed exchanges of each run and how many were slowed in all of them. */
    static void print(BuiltTopology live, InetAddress server, PrintStream out) throws Exception {
        NetNs client = live.namespace("ns0");
        List<Set<Integer>> slowed = new ArrayList<>();
        ServerSocket listening = live.namespace("ns1").call(() -> new ServerSocket(PORT, 5, server));
        Thread t = new Thread(() -> serve(listening), "bench-answers");
        try {
            t.start();
            for (int run = 0; run < RUNS; run++) {
                // the same conditions applied again: the seeded decisions start over, as in a new test run
                client.conditions("veth0").loss(5).seed(42).bothWays(true).apply();
                List<Long> times = client.call(() -> exchanges(server));
                Set<Integer> s = new TreeSet<>();
                for (int i = 0; i < times.size(); i++) {
                    if (times.get(i) > SLOW_NANOS) {
                        s.add(i);
                    }
                }
                slowed.add(s);
            }
        } finally {
            listening.close(); // ends serve(), then the thread
            t.join(5000);
        }
        Set<Integer> inAll = new TreeSet<>(slowed.get(0));
        slowed.forEach(inAll::retainAll);
        List<Integer> counts = slowed.stream().map(Set::size).toList();
        boolean same = slowed.stream().allMatch(s -> s.equals(slowed.get(0)));
        out.printf(Locale.ROOT, "TCP reproducibility: %d runs of %d exchanges at 5 %% loss both ways, seed 42: slowed %s;"
                + " slowed in all %d runs: %d; identical sets: %s (first: %s)%n", RUNS, EXCHANGES, counts, RUNS,
                inAll.size(), same ? "yes" : "no", slowed.get(0));
    }

    private static List<Long> exchanges(InetAddress server) throws Exception {
        List<Long> times = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(server, PORT), 5000);
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] request = new byte[32];
            byte[] answer = new byte[100];
            for (int i = 0; i < EXCHANGES; i++) {
                request[0] = (byte) i;
                long start = System.nanoTime();
                out.write(request);
                in.readFully(answer);
                times.add(System.nanoTime() - start);
            }
        }
        return times;
    }

    private static void serve(ServerSocket listening) {
        while (!listening.isClosed()) {
            try (Socket s = listening.accept()) {
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                byte[] request = new byte[32];
                byte[] answer = new byte[100];
                while (true) {
                    in.readFully(request);
                    answer[0] = request[0];
                    out.write(answer);
                }
            } catch (Exception e) {
                // the client closed (next run), or the listening socket did (the end)
            }
        }
    }
}
