package io.github.netnsjunit.junit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Internal: finds threads of this JVM that are still inside given namespaces (read from
 * {@code /proc/self/task/TID/ns/net}), e.g. a ForkJoinPool worker first started from a test's namespace thread.
 */
final class LeftoverThreads {
    private LeftoverThreads() {
    }

    /** The inode text ({@code net:[4026532…]}) of a namespace path. */
    static String inode(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Descriptions ({@code 'name' (tid N) in netns X}) of the threads inside any of the given namespaces, after
     * giving threads that were just told to end up to 200 ms to disappear from /proc (a joined Java thread may
     * still be exiting in the kernel).
     */
    static List<String> find(Map<String, String> namespaceByInode) {
        List<String> found = scan(namespaceByInode);
        for (int i = 0; i < 20 && !found.isEmpty(); i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
            found = scan(namespaceByInode);
        }
        return found;
    }

    private static List<String> scan(Map<String, String> namespaceByInode) {
        // First only the cheap part (one readlink per thread); names are looked up when something was found,
        // since Thread.getAllStackTraces() stops the JVM at a safepoint and costs more than the scan itself.
        Map<Integer, String> inside = new java.util.LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String namespace = namespaceByInode.get(Files.readSymbolicLink(task.resolve("ns/net")).toString());
                    if (namespace != null) {
                        inside.put(Integer.parseInt(task.getFileName().toString()), namespace);
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException e) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        if (inside.isEmpty()) {
            return found;
        }
        Map<Integer, String> javaNames = javaThreadNames();
        for (Map.Entry<Integer, String> e : inside.entrySet()) {
            int tid = e.getKey();
            String name = javaNames.get(tid);
            if (name == null) {
                try {
                    name = Files.readString(Path.of("/proc/self/task", Integer.toString(tid), "comm"),
                            StandardCharsets.UTF_8).strip();
                } catch (IOException gone) {
                    continue; // the thread ended while we looked
                }
            }
            found.add("'" + name + "' (tid " + tid + ") in netns " + e.getValue());
        }
        return found;
    }

    /**
     * Java names for kernel thread ids where they can be matched: the kernel keeps only 15 bytes of a name, so a
     * Java thread whose name starts with the kernel's {@code comm} is taken as the same thread when unique.
     */
    private static Map<Integer, String> javaThreadNames() {
        Map<Integer, String> out = new HashMap<>();
        Set<Thread> threads = Thread.getAllStackTraces().keySet();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
                    List<String> matches = threads.stream().map(Thread::getName).filter(n -> n.startsWith(comm)).toList();
                    if (matches.size() == 1) {
                        out.put(Integer.parseInt(task.getFileName().toString()), matches.get(0));
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // the thread ended while we looked
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
