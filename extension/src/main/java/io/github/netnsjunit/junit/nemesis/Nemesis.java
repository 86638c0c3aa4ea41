package io.github.netnsjunit.junit.nemesis;

import io.github.netnsjunit.junit.Hits;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.junit.Topology;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.ReportAttachments;
import io.github.netnsjunit.junit.internal.Signals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A Jepsen-style nemesis over a test's topology: partitions of any {@link PartitionShape}, pause, resume and kill of
 * processes started with {@code NetNs.start}, and a seeded {@link Schedule} of faults run beside the test's workload.
 * Every fault it makes is recorded in its {@link Timeline}, which is attached to the test's report at its end
 * ({@code nemesis-timeline.txt} and {@code nemesis-timeline.svg}, through JUnit's {@code publishFile}) and, when the
 * test fails, added to the failure.
 * <pre>{@code
 * try (Nemesis nemesis = Nemesis.on(topology)) {
 *     Random random = new Random(seed);
 *     List<String> nodes = List.of("n1", "n2", "n3", "n4", "n5");
 *     nemesis.run(Schedule.plan(seed, Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(1), 2),
 *             List.of(() -> nemesis.partition(PartitionShape.majoritiesRing(nodes, random)),
 *                     () -> nemesis.pause(db)));
 *     workload.run();                       // meanwhile, the schedule partitions and pauses
 *     nemesis.awaitSchedule(Duration.ofSeconds(15));
 * }
 * }</pre>
 * {@link #close()} stops the schedule and ends what it still holds; teardown removes partitions and continues and
 * ends processes in any case.
 */
public final class Nemesis implements AutoCloseable {
    private static final long PROCESS_WAIT_MILLIS = 2000;

    private final Topology topology;
    private final Timeline timeline;
    private final Map<Long, RecordedPause> paused = new LinkedHashMap<>();
    private Thread runner;
    private volatile boolean stopping;
    private volatile RuntimeException scheduleFailure;

    private Nemesis(Topology topology, String heading) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.timeline = new Timeline(System.nanoTime(), heading);
        if (topology instanceof LiveTopology live) {
            ReportAttachments files = live.attachments();
            files.add(new ReportAttachments.Attachment("nemesis-timeline.txt", "text/plain; charset=UTF-8",
                    timeline::text, true));
            files.add(new ReportAttachments.Attachment("nemesis-timeline.svg", "image/svg+xml", timeline::svg, false));
        }
    }

    /** A nemesis on the test's topology; its timeline goes into the test's report. */
    public static Nemesis on(Topology topology) {
        return new Nemesis(topology, "no schedule");
    }

    /** A nemesis whose timeline is headed by {@code seed} (the seed its shapes and schedule are drawn from). */
    public static Nemesis on(Topology topology, long seed) {
        return new Nemesis(topology, "seed " + seed);
    }

    /** What was active when, so far. */
    public Timeline timeline() {
        return timeline;
    }

    /** Puts a partition shape in force, recorded in the timeline until it is healed. */
    public Partition partition(PartitionShape shape) {
        return recorded(shape.applyTo(topology));
    }

    /** {@link Topology#partition(String...)}, recorded in the timeline until it is healed. */
    public Partition partition(String... namespaces) {
        return recorded(topology.partition(namespaces));
    }

    private Partition recorded(Partition p) {
        int entry = timeline.begin(p);
        return new Partition() {
            @Override
            public void heal() {
                try {
                    p.heal();
                } finally {
                    timeline.end(entry);
                }
            }

            @Override
            public boolean isActive() {
                return p.isActive();
            }

            @Override
            public void close() {
                heal();
            }

            @Override
            public Hits hits() {
                return p.hits();
            }

            @Override
            public String toString() {
                return p.toString();
            }
        };
    }

    /**
     * Pauses a process (and its descendants) with SIGSTOP, as Jepsen's {@code hammer-time} does, and waits until the
     * kernel shows it stopped ({@code T} in {@code /proc/PID/stat}); recorded until resumed or killed.
     *
     * @throws IllegalStateException when the process has ended, or did not stop within 2 s
     */
    public synchronized PausedProcess pause(Process process) {
        long pid = process.pid();
        RecordedPause already = paused.get(pid);
        if (already != null) {
            return already;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("pause " + describe(process) + ": the process has ended (exit status "
                    + process.exitValue() + "), so there is nothing to pause.");
        }
        process.descendants().forEach(d -> Signals.stop(d.pid()));
        Signals.stop(pid);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROCESS_WAIT_MILLIS);
        while (Signals.state(pid) != 'T') {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pause " + describe(process) + ": sent SIGSTOP, but /proc/" + pid
                        + "/stat still shows state " + Signals.state(pid) + " after 2 s.");
            }
            Thread.onSpinWait();
        }
        RecordedPause p = new RecordedPause(process, timeline.begin("pause " + describe(process)));
        paused.put(pid, p);
        return p;
    }

    /** Continues a process this nemesis paused (SIGCONT); does nothing if it is not paused. */
    public synchronized void resume(Process process) {
        RecordedPause p = paused.remove(process.pid());
        if (p != null) {
            if (process.isAlive()) {
                Signals.resume(process.pid());
                process.descendants().forEach(d -> Signals.resume(d.pid()));
            }
            timeline.end(p.entry);
        }
    }

    /**
     * Kills a process and its descendants with SIGKILL (paused or not) and waits for it to end; recorded as an
     * instant in the timeline, and ends its pause.
     *
     * @throws IllegalStateException when it did not end within 2 s
     */
    public synchronized void kill(Process process) {
        String what = "kill " + describe(process); // before it ends: a dead process has no command to name
        RecordedPause p = paused.remove(process.pid());
        if (process.isAlive()) {
            process.descendants().forEach(d -> Signals.kill(d.pid()));
            Signals.kill(process.pid());
        }
        try {
            if (!process.waitFor(PROCESS_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("kill " + describe(process) + ": still running 2 s after SIGKILL.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p != null) {
            timeline.end(p.entry);
        }
        timeline.instant(what);
    }

    /**
     * Runs a schedule beside the test, on a thread of its own: at each step's start the step's fault is made (the
     * supplier of its index: e.g. {@code () -> nemesis.partition(shape)} or {@code () -> nemesis.pause(p)}, which
     * record themselves in the timeline), and at its end closed. Returns at once; {@link #awaitSchedule} waits for
     * the end. One schedule at a time.
     *
     * @throws IllegalArgumentException when a step names a fault that {@code faults} lacks
     * @throws IllegalStateException    when a schedule is running
     */
    public synchronized void run(Schedule schedule, List<Supplier<? extends AutoCloseable>> faults) {
        for (Schedule.Step s : schedule.steps()) {
            if (s.fault() < 0 || s.fault() >= faults.size()) {
                throw new IllegalArgumentException("run(schedule, faults): a step uses fault " + s.fault() + ", but "
                        + faults.size() + " faults were given. Plan with Schedule.plan(seed, total, min, max, "
                        + faults.size() + ").");
            }
        }
        if (runner != null && runner.isAlive()) {
            throw new IllegalStateException("run(schedule, faults): a schedule is running. Await it "
                    + "(awaitSchedule) or close the nemesis first.");
        }
        List<Supplier<? extends AutoCloseable>> given = List.copyOf(faults);
        stopping = false;
        scheduleFailure = null;
        long origin = System.nanoTime();
        runner = new Thread(() -> runSteps(schedule, given, origin), "netns-nemesis-schedule");
        runner.setDaemon(true);
        runner.start();
    }

    private void runSteps(Schedule schedule, List<Supplier<? extends AutoCloseable>> faults, long origin) {
        for (Schedule.Step step : schedule.steps()) {
            if (!sleepUntil(origin, step.start())) {
                return;
            }
            AutoCloseable fault;
            try {
                fault = faults.get(step.fault()).get();
            } catch (RuntimeException e) {
                scheduleFailure = e;
                return;
            }
            boolean completed = sleepUntil(origin, step.end());
            try {
                fault.close();
            } catch (Exception e) {
                scheduleFailure = new IllegalStateException("ending " + fault + " failed: " + e, e);
                return;
            }
            if (!completed) {
                return;
            }
        }
    }

    /** Sleeps until {@code at} after {@code origin}; false when the nemesis is closing. */
    private boolean sleepUntil(long origin, Duration at) {
        while (!stopping) {
            long left = origin + at.toNanos() - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, 20_000_000L));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Waits for the running schedule to finish.
     *
     * @return true when it finished (or none runs), false on timeout
     * @throws IllegalStateException when a fault of the schedule failed to start or end
     */
    public boolean awaitSchedule(Duration timeout) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = runner;
        }
        if (t != null) {
            t.join(Math.max(1, timeout.toMillis()));
            if (t.isAlive()) {
                return false;
            }
        }
        RuntimeException failure = scheduleFailure;
        if (failure != null) {
            throw new IllegalStateException("the nemesis schedule failed: " + failure.getMessage(), failure);
        }
        return true;
    }

    /** Stops the schedule (ending its current fault) and resumes the processes still paused. */
    @Override
    public void close() {
        stopping = true;
        Thread t;
        synchronized (this) {
            t = runner;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            for (RecordedPause p : new ArrayList<>(paused.values())) {
                resume(p.process);
            }
        }
    }

    private static String describe(Process p) {
        return "pid " + p.pid() + p.info().command().map(c -> " (" + c.substring(c.lastIndexOf('/') + 1) + ")")
                .orElse("");
    }

    private final class RecordedPause implements PausedProcess {
        private final Process process;
        private final int entry;

        RecordedPause(Process process, int entry) {
            this.process = process;
            this.entry = entry;
        }

        @Override
        public Process process() {
            return process;
        }

        @Override
        public void resume() {
            Nemesis.this.resume(process);
        }

        @Override
        public void close() {
            resume();
        }

        @Override
        public String toString() {
            return "pause " + describe(process);
        }
    }
}
