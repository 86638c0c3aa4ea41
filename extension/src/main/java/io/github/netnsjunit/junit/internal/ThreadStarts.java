package io.github.netnsjunit.junit.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Internal: the JVM's count of platform threads started since it began (it never decreases). */
final class ThreadStarts {
    private ThreadStarts() {
    }

    /** Loaded on first use: the management classes cost some milliseconds once. */
    private static final class Bean {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    }

    static long total() {
        return Bean.THREADS.getTotalStartedThreadCount();
    }
}
