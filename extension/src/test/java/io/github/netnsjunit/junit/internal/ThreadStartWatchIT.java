package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The counter that spares the leftover-thread check its scan of every thread: it says "maybe" as soon as any
 * platform thread was started after the first pinned one (bar our own later pinned threads), and "no" before.
 */
class ThreadStartWatchIT {

    @Test
    void onlyAThreadStartedSinceThePinnedOneMayStillBeInside() throws Throwable {
        try (NamespaceHandle ns = NamespaceHandle.create("threads")) {
            ThreadStartWatch watch = ThreadStartWatch.of(ns);
            assertThat(watch.mayHoldOtherThreads()).as("no thread of ours was ever inside").isFalse();
            ns.call(() -> 1);
            assertThat(watch.mayHoldOtherThreads()).as("only the pinned thread was").isFalse();
            ns.releaseThread(1000);
            ns.call(() -> 2);
            assertThat(watch.mayHoldOtherThreads()).as("a later pinned thread of ours is counted").isFalse();
            CountDownLatch release = new CountDownLatch(1);
            Thread inside = ns.call(() -> {
                Thread t = new Thread(() -> awaitQuietly(release), "started-inside");
                t.start();
                return t;
            });
            assertThat(watch.mayHoldOtherThreads()).isTrue();
            release.countDown();
            inside.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
