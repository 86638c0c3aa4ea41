package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 6: the host lock file does not outlive its holders, and removing it never lets two holders in at once.
 * Two child JVMs ({@link HostLeaseHolderMain}) take the lease of a lock file in a directory of this test (the real
 * one, /run/netns-junit/host.lock, is shared with every other test run of the machine). The oracle for who holds or
 * waits for which file is the kernel's {@code /proc/locks} (POSIX lock, pid, inode), read from outside the children.
 */
class HostLeaseIT {
    @TempDir
    Path dir;

    @Test
    void theLockFileIsGoneOnceItsHolderReleasesIt() throws IOException {
        Path file = dir.resolve("host.lock");
        try (HostLease lease = HostLease.acquire(file)) {
            assertThat(file).exists();
            assertThat(posixLocks(Files.getAttribute(file, "unix:ino"))).as("/proc/locks")
                    .anyMatch(l -> l.pid() == ProcessHandle.current().pid() && !l.waiting());
        }
        assertThat(file).doesNotExist();
        assertThat(HostLease.tryAcquire(file)).as("free again, through a new file").hasValueSatisfying(l -> {
            assertThat(file).exists();
            l.close();
        });
        assertThat(file).doesNotExist();
    }

    @Test
    void ofTwoJvmsTheSecondWaitsThenLocksANewFileAndTheLastRemovesIt() throws Exception {
        Path file = dir.resolve("host.lock");
        Child a = Child.start(file);
        Child b = null;
        try {
            long inodeA = Long.parseLong(a.expect("HELD "));
            assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inodeA);
            assertThat(posixLocks(inodeA)).as("/proc/locks: A holds it").contains(new Lock(a.pid(), false));

            b = Child.start(file);
            // B opened the very file A holds and waits for its lock (the kernel lists a blocked request "->")
            Child waiting = b;
            awaitLocks(inodeA, locks -> locks.contains(new Lock(waiting.pid(), true)));
            assertThat(b.ready()).as("B has printed nothing: it waits").isFalse();

            a.release();
            assertThat(a.expect("RELEASED")).isEmpty();
            assertThat(a.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(a.process.exitValue()).isZero();

            // B got the lock of A's removed file, saw the path name no file, and started over with a new one
            long inodeB = Long.parseLong(b.expect("HELD "));
            assertThat(file).exists();
            assertThat(Files.getAttribute(file, "unix:ino")).as("the path names B's file").isEqualTo(inodeB);
            assertThat(posixLocks(inodeB)).as("/proc/locks: B holds the path's file").contains(new Lock(b.pid(), false));

            b.release();
            assertThat(b.expect("RELEASED")).isEmpty();
            assertThat(b.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(b.process.exitValue()).isZero();
            assertThat(file).as("removed by the last holder").doesNotExist();
            assertThat(dir).isEmptyDirectory();
        } finally {
            a.process.destroy(); // our own children, by handle
            if (b != null) {
                b.process.destroy();
            }
        }
    }

    private record Lock(long pid, boolean waiting) {
    }

    /** The POSIX locks and lock requests on the inode, from /proc/locks. */
    private static List<Lock> posixLocks(Object inode) throws IOException {
        return Files.readAllLines(Path.of("/proc/locks")).stream()
                .map(l -> l.replaceFirst("^\\d+:\\s*", "").trim())
                .map(l -> {
                    boolean waiting = l.startsWith("->");
                    String[] f = l.replaceFirst("^->\\s*", "").split("\\s+");
                    // POSIX ADVISORY WRITE <pid> <maj:min:inode> <start> <end>
                    return f.length >= 5 && f[0].equals("POSIX") && f[4].endsWith(":" + inode)
                            ? new Lock(Long.parseLong(f[3]), waiting) : null;
                })
                .filter(Objects::nonNull).toList();
    }

    private static void awaitLocks(long inode, Predicate<List<Lock>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(posixLocks(inode))) {
            assertThat(System.nanoTime()).as("/proc/locks for inode " + inode + ": " + posixLocks(inode))
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A {@link HostLeaseHolderMain} JVM. */
    private record Child(Process process, BufferedReader out, Writer in) {
        static Child start(Path file) throws IOException {
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    HostLeaseHolderMain.class.getName(), file.toString()).redirectErrorStream(true).start();
            return new Child(p, new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)),
                    new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        }

        long pid() {
            return process.pid();
        }

        boolean ready() throws IOException {
            return out.ready();
        }

        /** The rest of the next line, which must start with {@code prefix}. */
        String expect(String prefix) throws Exception {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(line).as("child output").startsWith(prefix.strip());
            return line.substring(Math.min(line.length(), prefix.length()));
        }

        void release() throws IOException {
            in.write("\n");
            in.flush();
        }
    }
}
