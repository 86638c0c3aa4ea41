package io.github.netnsjunit.junit.nemesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded plan of faults at random times, as Jepsen's generators interleave a nemesis with the workload: from the
 * start, a quiet gap, a fault for a while, a quiet gap, the next fault, ... until {@code total}. Gaps and durations
 * are drawn uniformly between {@code min} and {@code max}, the fault of each step among {@code faults} choices; the
 * same seed gives the same plan, so a failure is replayed by its seed. Run it with {@link Nemesis#run}.
 *
 * @param seed   the seed it was drawn from
 * @param steps  the faults in order; they never overlap
 */
public record Schedule(long seed, List<Step> steps) {
    /**
     * One fault of the plan.
     *
     * @param start    when it begins, since the schedule started
     * @param duration how long it holds
     * @param fault    which of the faults given to {@link Nemesis#run} (index)
     */
    public record Step(Duration start, Duration duration, int fault) {
        /** When it ends. */
        public Duration end() {
            return start.plus(duration);
        }
    }

    /** Copies the steps. */
    public Schedule {
        steps = List.copyOf(steps);
    }

    /**
     * Draws a plan.
     *
     * @param seed   the seed (the same seed, the same plan)
     * @param total  no step ends after this
     * @param min    the shortest gap and the shortest fault
     * @param max    the longest gap and the longest fault
     * @param faults how many faults there are to choose from (at least 1)
     * @throws IllegalArgumentException for a non-positive duration, {@code min > max}, or no fault
     */
    public static Schedule plan(long seed, Duration total, Duration min, Duration max, int faults) {
        if (faults < 1) {
            throw new IllegalArgumentException("Schedule.plan(..., faults = " + faults + "): there is no fault to "
                    + "schedule. Give at least one.");
        }
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0 || total.compareTo(min) < 0) {
            throw new IllegalArgumentException("Schedule.plan(seed, total = " + total + ", min = " + min + ", max = "
                    + max + "): needs 0 < min <= max and min <= total.");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Step> steps = new ArrayList<>();
        long t = 0;
        long end = total.toNanos();
        while (true) {
            long gap = draw(random, min, max);
            long length = draw(random, min, max);
            int fault = random.nextInt(faults);
            if (t + gap + length > end) {
                break;
            }
            steps.add(new Step(Duration.ofNanos(t + gap), Duration.ofNanos(length), fault));
            t += gap + length;
        }
        return new Schedule(seed, steps);
    }

    /** A duration between min and max, rounded to the millisecond (plans read better, and print the same). */
    private static long draw(SplittableRandom random, Duration min, Duration max) {
        long lo = min.toMillis();
        long hi = max.toMillis();
        return (hi == lo ? lo : lo + random.nextLong(hi - lo + 1)) * 1_000_000L;
    }

    /** The plan in words, one step a line. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("schedule (seed " + seed + "):");
        for (Step s : steps) {
            b.append("\n  ").append(s.start().toMillis()).append(" ms .. ").append(s.end().toMillis())
                    .append(" ms: fault ").append(s.fault());
        }
        return b.toString();
    }
}
