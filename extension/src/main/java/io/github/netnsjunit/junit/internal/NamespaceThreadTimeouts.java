package io.github.netnsjunit.junit.internal;

/** Internal: how long teardown waits for a pinned namespace thread to end once its work is done. */
final class NamespaceThreadTimeouts {
    /**
     * One second: a pinned thread ends as soon as its current task returns; a task still running after a
     * {@code @Timeout} was interrupted and gets this long to unwind before teardown goes on without it.
     */
    static final long RELEASE_MILLIS = 1000;

    private NamespaceThreadTimeouts() {
    }
}
