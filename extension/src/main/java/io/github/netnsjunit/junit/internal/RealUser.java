package io.github.netnsjunit.junit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Internal (public for the extension only): the uid of the user who really runs this JVM. Inside a user namespace ({@code unshare --user
 * --map-root-user}, the sealed launcher, rootless CI) the JVM's own uid and {@code user.name} say {@code 0} /
 * {@code root} for every user; the namespace's {@code /proc/self/uid_map} ("inside outside count" per line) says
 * which uid of the parent namespace that is. Only one level is undone: a nested user namespace yields the uid in its
 * parent, still distinct per real user as long as the parent is not shared.
 */
public final class RealUser {
    private RealUser() {
    }

    /** The real uid of this process, mapped out of its user namespace. */
    public static long uid() {
        try {
            return uid(Files.readAllLines(Path.of("/proc/self/status")), Files.readAllLines(Path.of("/proc/self/uid_map")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status or /proc/self/uid_map", e);
        }
    }

    /** The uid of this process as its own namespace sees it (the owner it gives the files it creates). */
    public static long namespaceUid() {
        try {
            return namespaceUid(Files.readAllLines(Path.of("/proc/self/status")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }

    /** {@link #uid()} from the contents of {@code /proc/self/status} and {@code /proc/self/uid_map}. */
    static long uid(List<String> status, List<String> uidMap) {
        long inside = namespaceUid(status);
        for (String line : uidMap) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            long first = Long.parseLong(f[0]);
            long outside = Long.parseLong(f[1]);
            long count = Long.parseLong(f[2]);
            if (inside >= first && inside - first < count) {
                return outside + (inside - first);
            }
        }
        throw new IllegalStateException("uid " + inside + " is in no line of /proc/self/uid_map " + uidMap);
    }

    /** The real uid ("Uid:" real, effective, saved, fs) from the contents of {@code /proc/self/status}. */
    static long namespaceUid(List<String> status) {
        for (String line : status) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no Uid: line in /proc/self/status");
    }
}
