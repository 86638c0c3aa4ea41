package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceThread;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;

/**
 * Internal: tells the leftover-thread check ({@link LeftoverThreads}) whether a namespace needs its scan of every
 * thread, from the JVM's count of started threads ({@link ThreadStarts}) read when our pinned threads start.
 *
 * <p>A thread starts in the namespace of the thread that starts it, so without a pinned thread no other thread got
 * in, and if no platform thread at all was started in the JVM since the first pinned one (bar our own later ones),
 * neither did one started from inside. This costs a counter read instead of a scan of every thread; it does not see
 * threads that native code makes without the JVM, nor threads that enter the namespace with setns(2) on their own.
 */
final class ThreadStartWatch implements NamespaceHandle.ThreadStartListener {
    /** Platform threads started in this JVM right after our first pinned thread was, or -1 before that. */
    private long startsAtFirstPin = -1;
    /** Pinned threads started after the first (after {@link NamespaceHandle#releaseThread}). */
    private int laterPins;

    /** Watches {@code ns}, which must not have started a pinned thread yet. */
    static ThreadStartWatch of(NamespaceHandle ns) {
        ThreadStartWatch watch = new ThreadStartWatch();
        ns.onThreadStart(watch);
        return watch;
    }

    @Override
    public synchronized void started(NamespaceHandle ns, NamespaceThread thread) {
        // read before any task runs on it: threads started from now on may have been started from inside
        if (startsAtFirstPin < 0) {
            startsAtFirstPin = ThreadStarts.total();
        } else {
            laterPins++;
        }
    }

    /**
     * False when no thread of this JVM other than our pinned threads can be inside the namespace; true means:
     * maybe, look ({@code /proc/self/task/TID/ns/net}).
     */
    synchronized boolean mayHoldOtherThreads() {
        return startsAtFirstPin >= 0 && ThreadStarts.total() != startsAtFirstPin + laterPins;
    }
}
