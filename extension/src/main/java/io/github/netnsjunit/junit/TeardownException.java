package io.github.netnsjunit.junit;

import java.util.List;

/**
 * Thrown when tearing down a test's network topology failed: every failure of that one teardown is listed in the
 * message and attached as a suppressed exception. Teardown continues past each failure, so what could be removed
 * was removed; the test that owned the topology is reported as failed with this exception.
 */
public final class TeardownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * For the extension's teardown: one exception for every failure of one teardown.
     *
     * @param failures what failed, in the order it failed; not empty
     */
    public TeardownException(List<? extends Throwable> failures) {
        super(message(failures));
        failures.forEach(this::addSuppressed);
    }

    private static String message(List<? extends Throwable> failures) {
        StringBuilder sb = new StringBuilder("Teardown of the network topology failed (" + failures.size()
                + (failures.size() == 1 ? " problem" : " problems") + "):");
        for (Throwable t : failures) {
            sb.append("\n  - ").append(t.getMessage());
        }
        return sb.toString();
    }
}
