package io.github.netnsjunit.netlink.ns;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Veths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pinned threads of one namespace share one view of {@code /sys} and {@code /proc/net} (one mount namespace),
 * threads of different namespaces never do, and each sees its own namespace there, in the JVM's working directory.
 * The oracles: the kernel's {@code /proc/<pid>/task/<tid>/ns/mnt} link and {@code cwd} of each thread, and
 * {@code ip -o link} run inside the namespace by nsenter.
 */
class SharedMountViewIT {
    private static final long PID = ProcessHandle.current().pid();

    @Test
    void threadsOfOneNamespaceShareItsViewAndThreadsOfAnotherDoNot() throws Throwable {
        Set<String> before = Oracle.liveNetNamespaceInodes();
        String jvmMounts = link("/proc/self/ns/mnt");
        String cwd = Path.of("/proc/self/cwd").toRealPath().toString(); // the JVM's, as the kernel tells it
        int firstTid = -1;
        NamespaceHandle a = NamespaceHandle.create("view-a");
        NamespaceHandle b = NamespaceHandle.create("view-b");
        try {
            Veths.link(a, b); // v0 in a, v1 in b: each view must list its own end only
            Set<String> linksA = oracleLinks(a);
            Set<String> linksB = oracleLinks(b);
            assertThat(linksA).containsExactlyInAnyOrder("lo", "v0");
            assertThat(linksB).containsExactlyInAnyOrder("lo", "v1");

            Seen first = a.call(Seen::here);
            firstTid = first.tid();
            assertThat(first.mnt()).isNotEqualTo(jvmMounts);
            assertThat(a.releaseThread(NamespaceThread.END_TIMEOUT_MILLIS)).isTrue();
            // the first thread made the view: it stays, as its anchor, while the namespace is open
            Path firstTask = Path.of("/proc/" + PID + "/task/" + first.tid());
            assertThat(link(firstTask.resolve("ns/mnt").toString())).isEqualTo(first.mnt());
            Seen second = a.call(Seen::here); // a new pinned thread
            assertThat(second.tid()).isNotEqualTo(first.tid());
            // a helper thread, started while the pinned one is busy
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread blocker = new Thread(() -> a.callUnchecked(() -> {
                busy.countDown();
                return release.await(10, TimeUnit.SECONDS);
            }));
            blocker.start();
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            Seen helper = a.call(Seen::here);
            release.countDown();
            blocker.join();
            Seen inB = b.call(Seen::here);

            for (Seen s : new Seen[] {first, second, helper}) {
                assertThat(s.mnt()).as("thread %d of a, told by the kernel", s.tid()).isEqualTo(first.mnt());
                assertThat(s.sysClassNet()).isEqualTo(linksA);
                assertThat(s.procNetDev()).isEqualTo(linksA);
                assertThat(s.cwd()).isEqualTo(cwd);
            }
            assertThat(helper.tid()).isNotEqualTo(second.tid());
            assertThat(inB.mnt()).isNotEqualTo(first.mnt()).isNotEqualTo(jvmMounts);
            assertThat(inB.sysClassNet()).isEqualTo(linksB);
            assertThat(inB.procNetDev()).isEqualTo(linksB);
            assertThat(inB.cwd()).isEqualTo(cwd);
            assertThat(a.view().isKept()).isTrue();

            // releaseThreadAndView ends the thread and the view: the next thread makes a new one
            assertThat(a.releaseThreadAndView(NamespaceThread.END_TIMEOUT_MILLIS)).isTrue();
            assertThat(a.view().isKept()).isFalse();
            assertThat(Path.of("/proc/" + PID + "/task/" + first.tid())).as("the first view's anchor").doesNotExist();
            Seen afresh = a.call(Seen::here);
            // (not compared with first.mnt(): the kernel reuses a freed namespace's inode number at once)
            assertThat(afresh.mnt()).isNotEqualTo(jvmMounts);
            assertThat(afresh.sysClassNet()).isEqualTo(linksA);
            assertThat(afresh.procNetDev()).isEqualTo(linksA);
        } finally {
            a.close();
            b.close();
        }
        assertThat(Path.of("/proc/" + PID + "/task/" + firstTid)).as("the view's anchor, after close").doesNotExist();
        // the kept views held the namespaces (their sysfs mounts): gone with the handles
        assertThat(Veths.awaitNamespaces(before)).isEqualTo(before);
    }

    /** What a pinned thread sees, with its kernel thread id and its mount namespace as the kernel reports it. */
    private record Seen(int tid, String mnt, Set<String> sysClassNet, Set<String> procNetDev, String cwd) {
        static Seen here() throws IOException {
            int tid = Integer.parseInt(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
            Set<String> sys;
            try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
                sys = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            }
            Set<String> proc = Files.readAllLines(Path.of("/proc/net/dev")).stream().skip(2)
                    .map(l -> l.split(":")[0].strip()).collect(Collectors.toCollection(TreeSet::new));
            // the kernel's name of this task's mount namespace, by its path in /proc/<pid>/task as another task reads it
            String mnt = link("/proc/" + PID + "/task/" + tid + "/ns/mnt");
            return new Seen(tid, mnt, sys, proc, Path.of("/proc/thread-self/cwd").toRealPath().toString());
        }
    }

    private static Set<String> oracleLinks(NamespaceHandle ns) {
        return Oracle.run(ns, "ip", "-o", "link").lines().map(l -> l.split(":")[1].strip().split("@")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String link(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
