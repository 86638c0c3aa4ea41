package io.github.netnsjunit.samples.clients;

import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where code ran, as the kernel tells it: the identity of a network namespace is the target of its
 * {@code /proc/.../ns/net} link ({@code net:[4026532xxx]}), read for the calling thread or for a {@link NetNs}.
 */
final class Where {
    private Where() {
    }

    /** The network namespace of the calling thread. */
    static String thread() {
        return link(Path.of("/proc/thread-self/ns/net"));
    }

    /** The network namespace of a process (a server started with {@link NetNs#start}). */
    static String process(long pid) {
        return link(Path.of("/proc", Long.toString(pid), "ns", "net"));
    }

    /** The network namespace {@code ns} stands for. */
    static String of(NetNs ns) {
        return link(Path.of(ns.path()));
    }

    private static String link(Path path) {
        try {
            return Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
