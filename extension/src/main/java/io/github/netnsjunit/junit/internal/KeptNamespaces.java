package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: namespaces kept after a failed test, bind-mounted at {@code /run/netns/nj-<pid>-<start>-<ns>} so that
 * {@code ip netns} sees them after the JVM has ended, and the sweep that removes those of ended JVMs.
 *
 * <p>The name encodes the JVM's pid and its start time (field 22 of {@code /proc/<pid>/stat}, clock ticks since
 * boot): an entry belongs to a running JVM only if a process of that pid exists and started at that time, so a
 * reused pid does not keep a dead JVM's namespaces alive. Only entries of exactly that shape are ever touched.
 */
public final class KeptNamespaces {
    private static final Pattern NAME = Pattern.compile("nj-(\\d+)-(\\d+)-.+");

    private final Path directory;

    /** Kept namespaces under {@code directory} (normally {@code /run/netns}). */
    public KeptNamespaces(Path directory) {
        this.directory = directory;
    }

    /** The standard place, where {@code ip netns} looks. */
    public static KeptNamespaces standard() {
        return new KeptNamespaces(Path.of("/run/netns"));
    }

    /** The directory holding the entries. */
    public Path directory() {
        return directory;
    }

    /** The name prefix of this JVM's entries: {@code nj-<pid>-<start time>-}. */
    public static String prefixOfThisJvm() {
        long pid = ProcessHandle.current().pid();
        return "nj-" + pid + "-" + startTime(pid).orElse(0L) + "-";
    }

    /**
     * Bind-mounts each namespace of {@code handles} (test-owned ones; the JVM's own is skipped) under
     * {@link #directory()}, so that it outlives its handle. Returns namespace name to entry name; on failure, the
     * entries made so far are removed and the error is thrown.
     */
    public Map<String, String> keep(List<NamespaceHandle> handles) {
        Map<String, String> kept = new LinkedHashMap<>();
        try {
            Files.createDirectories(directory);
            String prefix = prefixOfThisJvm();
            for (NamespaceHandle ns : handles) {
                if (!ns.isOwned()) {
                    continue;
                }
                String base = prefix + ns.name().replaceAll("[^A-Za-z0-9._-]", "_");
                Path target = null;
                for (int n = 1; target == null; n++) {
                    Path candidate = directory.resolve(n == 1 ? base : base + "-" + n);
                    try {
                        Files.createFile(candidate);
                        target = candidate;
                    } catch (FileAlreadyExistsException taken) {
                        // another failed test of this JVM kept a namespace of that name
                    }
                }
                try {
                    ns.attach(target);
                } catch (RuntimeException e) {
                    Files.deleteIfExists(target);
                    throw e;
                }
                kept.put(ns.name(), target.getFileName().toString());
            }
            return kept;
        } catch (IOException | RuntimeException e) {
            for (String name : kept.values()) {
                try {
                    remove(name);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot keep the namespaces under " + directory + ": " + io, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** What to type to look at kept namespaces, and to remove them. */
    public String commands(String test, Map<String, String> kept) {
        StringBuilder sb = new StringBuilder("netns-junit kept the namespaces of ").append(test)
                .append(" (keepOnFailure=true). Look inside with:\n");
        kept.forEach((ns, name) -> sb.append("  ").append(ns).append(":  ip netns exec ").append(name)
                .append(" bash    or    nsenter --net=").append(directory.resolve(name)).append('\n'));
        sb.append("Remove them with:\n ");
        kept.values().forEach(name -> sb.append(" ip netns del ").append(name).append(';'));
        sb.setLength(sb.length() - 1);
        sb.append("\n(the first test run after this JVM has ended removes them too)\n");
        return sb.toString();
    }

    /**
     * Removes the entries of JVMs that have ended: {@code nj-<pid>-<start>-*} where no process {@code pid} exists
     * or it started at another time. Returns the names removed; entries that cannot be removed are left alone.
     */
    public List<String> sweep() {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return removed;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "nj-*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                Matcher m = NAME.matcher(name);
                if (!m.matches() || isRunning(m.group(1), m.group(2))) {
                    continue;
                }
                try {
                    remove(name);
                    removed.add(name);
                } catch (RuntimeException e) {
                    // not ours to fight over (e.g. no privileges): leave it
                }
            }
        } catch (IOException e) {
            // an unreadable /run/netns has nothing we can sweep
        }
        return removed;
    }

    private static boolean isRunning(String pidText, String startText) {
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException tooLong) {
            return false;
        }
        return startTime(pid).map(start -> Long.toString(start).equals(startText)).orElse(false);
    }

    /** Unmounts an entry (like {@code ip netns del}) and deletes its file; a missing entry is not an error. */
    public void remove(String name) {
        Path path = directory.resolve(name);
        if (!path.getParent().equals(directory) || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(name + " is not a namespace kept by netns-junit");
        }
        NamespaceHandle.detach(path); // not mounted is fine: an empty file left by a crash between create and mount
    }

    /** The start time of a process in clock ticks after boot, or empty when there is no such process. */
    static Optional<Long> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may itself contain spaces or ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[22 - 3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
