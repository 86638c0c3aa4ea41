package io.github.netnsjunit.junit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Internal (public for the extension only): exclusive use of the host namespace across JVMs (Surefire forks, parallel builds), held while a topology
 * that changes the host exists, and the on-disk record of host sysctls we changed, so that a run after a crash can
 * restore them ({@link HostSweep}). Files live in {@code /run/netns-junit}, a tmpfs that a reboot clears.
 */
public final class HostLease implements AutoCloseable {
    static final Path DIRECTORY = directory();

    private final FileChannel channel;
    private final FileLock lock;

    private HostLease(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * {@code /run/netns-junit}, or, where /run is not writable (rootless runs in a user namespace), a directory of
     * this user's under the temporary directory.
     */
    private static Path directory() {
        Path run = Path.of("/run");
        if (Files.isWritable(run)) {
            return run.resolve("netns-junit");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "netns-junit-" + System.getProperty("user.name"));
    }

    /** Waits for the host lock. Callers serialise within this JVM first (a JVM may hold a file lock only once). */
    public static HostLease acquire() {
        try {
            Files.createDirectories(DIRECTORY);
            FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                return new HostLease(ch, ch.lock());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile()
                    + " to change the host namespace: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the host lock only if it is free: empty when another JVM holds it, or this one does (a JVM may hold a
     * file lock only once: {@link OverlappingFileLockException}). Never waits.
     */
    static Optional<HostLease> tryAcquire() {
        try {
            Files.createDirectories(DIRECTORY);
            FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = ch.tryLock();
                if (lock != null) {
                    return Optional.of(new HostLease(ch, lock));
                }
            } catch (OverlappingFileLockException heldHere) {
                // a test of this JVM holds it
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            ch.close();
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile() + " to change the host namespace: "
                    + e.getMessage(), e);
        }
    }

    /** The lock file, {@code host.lock} in {@link #DIRECTORY}. */
    static Path lockFile() {
        return DIRECTORY.resolve("host.lock");
    }

    /** Records the original value of a host sysctl before we change it. */
    static Path recordSysctl(String key, String original) {
        Path marker = DIRECTORY.resolve("sysctl-" + ProcessHandle.current().pid() + "-" + key.replace('/', '.'));
        try {
            Files.createDirectories(DIRECTORY);
            Files.writeString(marker, key + "\n" + original + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record host sysctl " + key + " in " + marker, e);
        }
        return marker;
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the host lock", e);
        }
    }
}
