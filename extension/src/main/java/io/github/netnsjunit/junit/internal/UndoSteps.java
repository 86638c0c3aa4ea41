package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.TeardownException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Internal: the teardown of one topology, as the undo steps of what was done, each described for the failure
 * report. Whoever creates or changes something pushes the step that undoes it; {@link #run()} runs them last pushed
 * first, continues past failures and reports them all in one {@link TeardownException}. This is the only teardown
 * mechanism of a topology: closing the namespaces is the first step pushed, so it runs last.
 */
final class UndoSteps {
    /** One step: what it undoes, in words, and how. */
    private record Step(String description, AutoCloseable action) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean ran;

    /**
     * Registers the undo step of something just done. After {@link #run()} there is nothing left to keep it for:
     * the step runs at once (what a test changes after its teardown began is undone rather than leaked).
     *
     * @throws TeardownException when the step runs at once and fails
     */
    void push(String description, AutoCloseable action) {
        Step step = new Step(description, action);
        synchronized (this) {
            if (!ran) {
                steps.push(step);
                return;
            }
        }
        List<Throwable> failures = new ArrayList<>();
        run(step, failures);
        if (!failures.isEmpty()) {
            throw new TeardownException(failures);
        }
    }

    /**
     * Runs every step once, last pushed first; later calls do nothing. A failing step is reported as
     * {@code teardown step failed: <description>: <message>}; a step that throws a {@link TeardownException} is a
     * group of steps that already describe themselves, whose failures are reported as they are.
     *
     * @throws TeardownException with every failure, in the order they happened
     */
    void run() {
        List<Step> toRun;
        synchronized (this) {
            if (ran) {
                return;
            }
            ran = true;
            toRun = new ArrayList<>(steps);
            steps.clear();
        }
        List<Throwable> failures = new ArrayList<>();
        for (Step step : toRun) {
            run(step, failures);
        }
        if (!failures.isEmpty()) {
            throw new TeardownException(failures);
        }
    }

    private static void run(Step step, List<Throwable> failures) {
        try {
            step.action().close();
        } catch (TeardownException group) {
            failures.addAll(List.of(group.getSuppressed()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        } catch (Exception e) {
            failures.add(new IllegalStateException("teardown step failed: " + step.description() + ": "
                    + e.getMessage(), e));
        }
    }
}
