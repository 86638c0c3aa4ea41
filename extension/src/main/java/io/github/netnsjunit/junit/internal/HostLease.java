package io.github.netnsjunit.junit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Internal (public for the extension only): exclusive use of the host namespace across JVMs (Surefire forks, parallel builds), held while a topology
 * that changes the host exists, and the on-disk record of host sysctls we changed, so that a run after a crash can
 * restore them ({@link HostSweep}). Files live in {@code /run/netns-junit}, a tmpfs that a reboot clears, or, where
 * {@code /run} is not writable (an unprivileged user, a user namespace), in {@code <java.io.tmpdir>/netns-junit-<uid>}
 * per real user ({@link RealUser}: inside a user namespace every user is uid 0 and {@code user.name} is {@code root},
 * so those would collide). Each record names the network namespace it belongs to: a sealed JVM ({@code unshare
 * --net}) shares /run with the machine, and must not restore the machine's sysctls in its private namespace.
 */
public final class HostLease implements AutoCloseable {
    public static final Path DIRECTORY = directory();

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
        return Path.of(System.getProperty("java.io.tmpdir"), "netns-junit-" + RealUser.uid());
    }

    /**
     * Whether the directory exists and is this user's: only then can earlier runs of ours have left anything there.
     * Someone else's directory of that name is not looked into (and {@link #acquire()} refuses it, saying so).
     */
    static boolean existsAndOurs() {
        return Files.isDirectory(DIRECTORY) && problem().isEmpty();
    }

    /** Why the existing directory cannot be ours ("" when it can, or does not exist). */
    private static String problem() {
        try {
            if (!Files.isDirectory(DIRECTORY)) {
                return "";
            }
            long owner = ((Number) Files.getAttribute(DIRECTORY, "unix:uid")).longValue();
            long self = RealUser.namespaceUid();
            if (owner != self && self != 0) {
                return DIRECTORY + " belongs to uid " + owner + ", not to this user (uid " + self + ")";
            }
            if (!Files.isWritable(DIRECTORY)) {
                return DIRECTORY + " is not writable by this user (uid " + self + ")";
            }
            return "";
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot inspect " + DIRECTORY + ": " + e;
        }
    }

    private static void createDirectory() throws IOException {
        if (DIRECTORY.getParent().equals(Path.of("/run"))) {
            Files.createDirectories(DIRECTORY);
        } else if (!Files.isDirectory(DIRECTORY)) {
            // per user in a shared temporary directory: nobody else's business
            try {
                Files.createDirectory(DIRECTORY, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // another JVM of this user was first
            }
        }
        String problem = problem();
        if (!problem.isEmpty()) {
            throw new IOException(problem + "; remove it, or give this run another java.io.tmpdir");
        }
    }

    /** The network namespace of the JVM ({@code net:[inode]}), the one "host" means. */
    static String hostNamespace() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/ns/net", e);
        }
    }

    /** Waits for the host lock. Callers serialise within this JVM first (a JVM may hold a file lock only once). */
    public static HostLease acquire() {
        try {
            createDirectory();
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
    public static Optional<HostLease> tryAcquire() {
        try {
            createDirectory();
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
    public static Path lockFile() {
        return DIRECTORY.resolve("host.lock");
    }

    /** Records the original value of a host sysctl before we change it, and the namespace it belongs to. */
    static Path recordSysctl(String key, String original) {
        Path marker = DIRECTORY.resolve("sysctl-" + ProcessHandle.current().pid() + "-" + key.replace('/', '.'));
        try {
            createDirectory();
            Files.writeString(marker, key + "\n" + original + "\n" + hostNamespace() + "\n", StandardCharsets.US_ASCII);
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
