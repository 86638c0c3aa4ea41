package io.github.netnsjunit.junit.internal.jupiter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.internal.HostLease;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The sweep at the start of every launcher session never waits for the host lease: while another process holds it
 * (a python3 child taking the same POSIX record lock that {@link java.nio.channels.FileChannel#lock} takes), the
 * listener returns at once and says at debug level that it skipped the host sweep.
 */
class HostSweepListenerIT {

    @Test
    void skipsTheHostSweepWithoutWaitingWhileAnotherProcessHoldsTheLease() throws Exception {
        java.nio.file.Files.createDirectories(HostLease.DIRECTORY);
        Process holder = new ProcessBuilder("python3", "-c", String.join("\n",
                "import fcntl, sys",
                "f = open(sys.argv[1], 'a')",
                "fcntl.lockf(f, fcntl.LOCK_EX)", // fcntl(F_SETLKW): the lock type the JDK uses on Linux
                "print('locked', flush=True)",
                "sys.stdin.read()"), HostLease.lockFile().toString()).redirectErrorStream(true).start();
        Logger logger = Logger.getLogger(HostSweepListener.class.getName());
        Level level = logger.getLevel();
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            // another developer's test run may hold the lease for a while: wait generously for ours
            assertThat(CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(120, TimeUnit.SECONDS)).isEqualTo("locked");
            assertThat(HostLease.tryAcquire()).as("lease held by the child").isEmpty();
            logger.setLevel(Level.ALL);
            logger.addHandler(handler);

            CompletableFuture<Void> session = CompletableFuture.runAsync(
                    () -> new HostSweepListener().launcherSessionOpened(null));
            // a blocking sweep would wait as long as the child holds the lock, i.e. until we end it below
            session.get(30, TimeUnit.SECONDS);

            assertThat(records).filteredOn(r -> r.getLevel() == Level.FINE) // System.Logger DEBUG
                    .extracting(LogRecord::getMessage)
                    .containsExactly("netns-junit sweep of the host namespace skipped: another test run holds the"
                            + " host lease " + HostLease.lockFile() + "; a later run sweeps what it leaves");
            assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).isEmpty();
        } finally {
            logger.removeHandler(handler);
            logger.setLevel(level);
            holder.destroy(); // our own child, by handle
            holder.waitFor(10, TimeUnit.SECONDS);
            // the python holder leaves the file; removed the safe way, by taking and releasing the lease
            HostLease.tryAcquire().ifPresent(HostLease::close);
        }
    }
}
