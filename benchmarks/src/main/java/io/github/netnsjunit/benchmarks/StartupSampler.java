package io.github.netnsjunit.benchmarks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A crude wall-clock sampler for {@link FirstTopology} {@code --profile}: every millisecond it takes the stacks of
 * the JVM's runnable threads ({@link Thread#getAllStackTraces()}) and counts, per method, the samples it appears in
 * (inclusive). Unlike JFR's execution samples, whose stacks stop where the VM itself loads, links or initialises a
 * class, these show the whole Java stack, so class loading and static initialisers are charged to the library code
 * that triggered them. Biased towards safepoints; good enough to see where hundreds of milliseconds go.
 */
final class StartupSampler implements Runnable {
    private final Map<String, Integer> inclusive = new HashMap<>();
    private final Thread sampler = new Thread(this, "startup-sampler");
    private volatile boolean running = true;
    private int samples;

    StartupSampler start() {
        sampler.setDaemon(true);
        sampler.start();
        return this;
    }

    @Override
    public void run() {
        while (running) {
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                if (e.getKey() == sampler || e.getKey().getState() != Thread.State.RUNNABLE
                        || e.getValue().length == 0) {
                    continue;
                }
                synchronized (this) {
                    samples++;
                    Set<String> seen = new HashSet<>();
                    for (StackTraceElement f : e.getValue()) {
                        String m = f.getClassName() + "." + f.getMethodName();
                        if (seen.add(m)) {
                            inclusive.merge(m, 1, Integer::sum);
                        }
                    }
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling and prints the methods present in at least {@code minPercent} of the samples. */
    synchronized void stopAndPrint(double minPercent) {
        running = false;
        System.out.printf(Locale.ROOT, "profile: %d samples of runnable threads (about 1 per ms and thread)%n", samples);
        inclusive.entrySet().stream().filter(e -> e.getValue() * 100.0 / samples >= minPercent)
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", e.getValue() * 100.0 / samples,
                        e.getKey()));
    }
}
