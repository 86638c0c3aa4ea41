package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.JvmNamespace;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Internal (public for the extension only): exclusive use of the host namespace across JVMs (Surefire forks, parallel builds), held while a topology
 * that changes the host exists, and the on-disk record of host sysctls we changed, so that a run after a crash can
 * restore them ({@link HostSweep}). Files live in {@code /run/netns-junit}, a tmpfs that a reboot clears, or, where
 * {@code /run} is not writable (an unprivileged user, a user namespace), in {@code <java.io.tmpdir>/netns-junit-<uid>}
 * per real user ({@link RealUser}: inside a user namespace every user is uid 0 and {@code user.name} is {@code root},
 * so those would collide). Each record names the network namespace it belongs to: a sealed JVM ({@code unshare
 * --net}) shares /run with the machine, and must not restore the machine's sysctls in its private namespace.
 *
 * <p>The lock file does not outlive its holders. The holder removes it while it still holds the lock, and a lease
 * counts only if, once locked, the path still names the file it locked: a process that opened the file just before
 * the holder removed it gets the lock of a file nobody else will look at, sees that the path names another file or
 * none (the inode of its descriptor, {@code /proc/self/fd/N}, against the path's, both by {@code stat}), and starts
 * over. The path thus changes only under the lock (removal) or where no file is (creation), so two leases never
 * hold the file the path names at once. The directory stays (empty, mode 0700 under the temporary directory): it
 * also holds the sysctl records a crashed run leaves for the next one, and its owner is what tells a run that an
 * existing directory is its own ({@link #problem()}).
 */
public final class HostLease implements AutoCloseable {
    public static final Path DIRECTORY = directory();

    /**
     * Serialises opening and closing lock-file channels within this JVM, so that the descriptor a new channel got can
     * be told from the others in /proc/self/fd (the JDK does not give its number).
     */
    private static final Object DESCRIPTORS = new Object();

    private final Path file;
    private final OpenFile open;
    private final FileLock lock;

    private HostLease(Path file, OpenFile open, FileLock lock) {
        this.file = file;
        this.open = open;
        this.lock = lock;
    }

    /** A channel on a lock file and its descriptor's entry in /proc/self/fd. */
    private record OpenFile(FileChannel channel, Path descriptor) {
        void close() throws IOException {
            synchronized (DESCRIPTORS) {
                channel.close();
            }
        }
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

    /**
     * The network namespace of the JVM ({@code net:[inode]}), the one "host" means: the thread-group leader's, or the
     * private one of {@code netns.junit.jvmNamespace=private}.
     */
    static String hostNamespace() {
        return JvmNamespace.link();
    }

    /** Waits for the host lock. Callers serialise within this JVM first (a JVM may hold a file lock only once). */
    public static HostLease acquire() {
        try {
            createDirectory();
            return acquire(lockFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile()
                    + " to change the host namespace: " + e.getMessage(), e);
        }
    }

    /** Waits for the lock of {@code file} (created when missing), by the protocol of the class comment. */
    static HostLease acquire(Path file) throws IOException {
        while (true) {
            OpenFile open = open(file);
            if (open == null) { // the sweep of this JVM holds it for a moment
                sleepBriefly();
                continue;
            }
            FileLock lock;
            try {
                lock = open.channel().lock();
            } catch (OverlappingFileLockException heldHere) {
                // Within one JVM the JDK throws instead of waiting. The only lease of this JVM outside the callers'
                // turn is the sweep's (tryAcquire, at the start of a launcher session, e.g. a nested EngineTestKit
                // run beside parallel tests): short and never waiting, so wait a little and try again.
                open.close();
                sleepBriefly();
                continue;
            } catch (IOException | RuntimeException e) {
                open.close();
                throw e;
            }
            if (namesLockedFile(file, open)) {
                return new HostLease(file, open, lock);
            }
            open.close(); // the file we locked was removed by its last holder: start over with the path's file
        }
    }

    /**
     * Takes the host lock only if it is free: empty when another JVM holds it, or this one does (a JVM may hold a
     * file lock only once: {@link OverlappingFileLockException}). Never waits.
     */
    public static Optional<HostLease> tryAcquire() {
        try {
            createDirectory();
            return tryAcquire(lockFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile() + " to change the host namespace: "
                    + e.getMessage(), e);
        }
    }

    /** Takes the lock of {@code file} only if it is free, by the protocol of the class comment. */
    static Optional<HostLease> tryAcquire(Path file) throws IOException {
        while (true) {
            OpenFile open = open(file);
            if (open == null) {
                return Optional.empty(); // this JVM holds or awaits it
            }
            FileLock lock = null;
            try {
                lock = open.channel().tryLock();
            } catch (OverlappingFileLockException heldHere) {
                // a test of this JVM holds it
            } catch (IOException | RuntimeException e) {
                open.close();
                throw e;
            }
            if (lock == null) {
                open.close();
                return Optional.empty();
            }
            if (namesLockedFile(file, open)) {
                return Optional.of(new HostLease(file, open, lock));
            }
            open.close(); // removed by its last holder meanwhile: try the path's file
        }
    }

    private static void sleepBriefly() throws IOException {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the host lock");
        }
    }

    /**
     * Opens (creating) {@code file} and finds its descriptor in /proc/self/fd; null, opening nothing, when this process
     * has the file open already. One descriptor per process: closing a second one would drop the POSIX lock the first
     * holds (fcntl locks belong to the process, and any close of the file releases them), silently letting another
     * JVM in.
     */
    private static OpenFile open(Path file) throws IOException {
        synchronized (DESCRIPTORS) {
            if (!descriptorsOf(file).isEmpty()) {
                return null;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Set<Path> added = descriptorsOf(file);
            if (added.size() != 1) {
                channel.close();
                throw new IOException("cannot tell which descriptor in /proc/self/fd is the one just opened on "
                        + file + " (new: " + added + ")");
            }
            return new OpenFile(channel, added.iterator().next());
        }
    }

    /** The entries of /proc/self/fd that link to {@code file} (also when removed: "... (deleted)"). */
    private static Set<Path> descriptorsOf(Path file) throws IOException {
        Set<Path> found = new HashSet<>();
        String name = file.toAbsolutePath().toString();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.equals(name) || target.equals(name + " (deleted)")) {
                        found.add(fd);
                    }
                } catch (IOException closedMeanwhile) {
                    // another thread's descriptor (of another file: ours are opened under DESCRIPTORS) went away
                }
            }
        }
        return found;
    }

    /**
     * Whether {@code file} still names the file {@code open} has open: both {@code stat}s, neither opens the file
     * (closing a second descriptor of a locked file would drop this process's POSIX lock on it).
     */
    private static boolean namesLockedFile(Path file, OpenFile open) throws IOException {
        Object locked = Files.readAttributes(open.descriptor(), BasicFileAttributes.class).fileKey();
        try {
            Object named = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return locked != null && locked.equals(named);
        } catch (NoSuchFileException removed) {
            return false;
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

    /** Removes the lock file, while still holding its lock (see the class comment), then releases the lock. */
    @Override
    public void close() {
        try {
            try {
                if (namesLockedFile(file, open)) {
                    Files.deleteIfExists(file);
                }
            } finally {
                try {
                    lock.release();
                } finally {
                    open.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the host lock " + file, e);
        }
    }
}
