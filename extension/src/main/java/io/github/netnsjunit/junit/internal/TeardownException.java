package io.github.netnsjunit.junit.internal;

import java.util.List;

/** Internal: every failure of one teardown, listed in the message, each attached as a suppressed exception. */
public final class TeardownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TeardownException(List<? extends Throwable> failures) {
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
