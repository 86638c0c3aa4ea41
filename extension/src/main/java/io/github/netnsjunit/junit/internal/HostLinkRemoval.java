package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.LinkWatch;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.sys.Errno;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Internal: deletes a link of ours from the host and returns once the kernel has taken it out of the host (its
 * RTM_DELLINK notification), without waiting for the rest of the kernel's unregistration.
 *
 * <p>Why: {@code RTM_DELLINK} answers only after {@code netdev_run_todo}, which runs {@code rcu_barrier()} (a full
 * RCU grace period plus the callbacks queued before it) once the RTNL lock is released. Sampled from
 * {@code /proc/PID/stack} during {@code HostNodeBenchmark}, that wait was the largest part of a host-node test
 * (25–35 ms of 35–45 ms under load). The link is unlisted, its name and index free, and the notification sent before
 * that wait; nothing of ours uses it afterwards. So the request is sent by a worker thread, which waits out the
 * barrier, while the teardown goes on as soon as the notification came. Moving the link into one of our namespaces
 * instead (which then takes it along) was measured too: {@code dev_change_net_namespace} runs an
 * {@code rcu_barrier()} of its own, under the RTNL lock, and was no faster.
 *
 * <p>The workers are daemon threads started inside the host namespace (so that they never hold a test's namespace)
 * and end after two idle seconds; each request uses a netlink socket of its own, closed after it.
 */
final class HostLinkRemoval {
    private static final Duration NOTIFIED_WITHIN = Duration.ofSeconds(10);
    private static final int RTNLGRP_LINK = 1;

    private HostLinkRemoval() {
    }

    /** A deletion for a worker. */
    private record Job(int index, String name, CompletableFuture<Void> done) {
    }

    /** The workers: started on demand, at most {@link #MAX} at once, each ending after two idle seconds. */
    private static final class Workers {
        static final int MAX = 4;
        static final BlockingQueue<Job> QUEUE = new LinkedBlockingQueue<>();
        static final AtomicInteger RUNNING = new AtomicInteger();
        static final AtomicInteger IDLE = new AtomicInteger();
        static final AtomicInteger NAMES = new AtomicInteger();

        private Workers() {
        }

        static void submit(NamespaceHandle host, Job job) {
            QUEUE.add(job);
            while (IDLE.get() == 0) {
                int running = RUNNING.get();
                if (running >= MAX) {
                    return; // a busy worker takes it next
                }
                if (RUNNING.compareAndSet(running, running + 1)) {
                    try {
                        // started while the calling thread is inside the host, so the worker lives there
                        host.inside("starting a host-link worker", () -> {
                            Thread t = new Thread(Workers::loop, "nsj-host-link-removal-" + NAMES.incrementAndGet());
                            t.setDaemon(true);
                            t.start();
                            return t;
                        }, t -> { });
                    } catch (RuntimeException e) {
                        RUNNING.decrementAndGet();
                        throw e;
                    }
                    return;
                }
            }
        }

        private static void loop() {
            try {
                while (true) {
                    IDLE.incrementAndGet();
                    Job job;
                    try {
                        job = QUEUE.poll(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        IDLE.decrementAndGet();
                    }
                    if (job == null) {
                        return;
                    }
                    try (NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE, NamespaceHandle.HOST_NAME)) {
                        new RouteClient(socket).changes().deleteLink(job.index(), job.name()).execute();
                        job.done().complete(null);
                    } catch (RuntimeException | Error e) {
                        job.done().completeExceptionally(e);
                    }
                }
            } finally {
                RUNNING.decrementAndGet();
                if (RUNNING.get() == 0) {
                    // jobs added while this worker was ending (it still counted as idle): their callers delete
                    for (Job late = QUEUE.poll(); late != null; late = QUEUE.poll()) {
                        late.done().completeExceptionally(new RejectedExecutionException("no worker left"));
                    }
                }
            }
        }
    }

    /**
     * Deletes link {@code index} ({@code name}) from the host and returns once it is gone from there; a link that is
     * gone already (ENODEV, e.g. with its veth peer's namespace) is no failure.
     *
     * @param host the handle of the host namespace, whose route socket ({@code hostClient}) receives the notification
     */
    static void delete(NamespaceHandle host, RouteClient hostClient, int index, String name) {
        // a veth end may be gone already with its peer (deleted by the test): never delete another link that got
        // its index since; one RTM_GETLINK by name, not a dump of the host's links
        if (hostClient.link(name).filter(l -> l.index() == index).isEmpty()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try (LinkWatch watch = hostClient.watchNewLinks()) {
            Workers.submit(host, new Job(index, name, done));
            try {
                if (watch.awaitDeleted(index, NOTIFIED_WITHIN, done::isDone)) {
                    return;
                }
            } catch (NetlinkException missed) {
                // e.g. ENOBUFS: notifications were lost on a busy host; the worker's answer decides instead
            }
        }
        try {
            done.get(NOTIFIED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting link " + name + " from the host", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("link " + name + " was not deleted from the host within "
                    + NOTIFIED_WITHIN.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NetlinkException n && n.errno() == Errno.ENODEV) {
                return;
            }
            if (e.getCause() instanceof RejectedExecutionException) {
                deleteHere(hostClient, index, name);
                return;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void deleteHere(RouteClient hostClient, int index, String name) {
        try {
            hostClient.changes().deleteLink(index, name).execute();
        } catch (NetlinkException e) {
            if (e.errno() != Errno.ENODEV) {
                throw e;
            }
        }
    }
}
