package io.github.netnsjunit.junit.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * Internal: finds threads of this JVM that are still inside given namespaces (read from
 * {@code /proc/self/task/TID/ns/net}), e.g. a ForkJoinPool worker first started from a test's namespace thread, with
 * their full Java names and stacks.
 */
final class LeftoverThreads {
    /** A thread inside one of the namespaces; {@code thread} is null for a thread the JVM does not know (native). */
    record Leftover(int tid, String name, String namespace, Thread thread, StackTraceElement[] stack) {
        /** {@code 'name' (tid N) in netns X}. */
        String describe() {
            return "'" + name + "' (tid " + tid + ") in netns " + namespace;
        }
    }

    /**
     * A thread line of HotSpot's thread dump: {@code "name" #12 [4242] daemon prio=5 ... nid=0x1092 ...}. Compiled on
     * first use, not when this class loads: every teardown loads it, few read a dump, and compiling a regex in a
     * fresh JVM costs milliseconds of CPU (benchmarks/README.md, "first topology in a fresh JVM").
     */
    private static final class DumpLine {
        static final Pattern PATTERN = Pattern.compile("^\"(.*)\" #(\\d+) .*?\\bnid=(0x[0-9a-fA-F]+|\\d+)\\b");
    }

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
     * The threads inside any of the given namespaces (inode text to namespace name), after giving threads that were
     * just told to end up to 200 ms to disappear from /proc (a joined Java thread may still be exiting in the kernel).
     */
    static List<Leftover> find(Map<String, String> namespaceByInode) {
        Map<Integer, String> inside = scan(namespaceByInode);
        for (int i = 0; i < 20 && !inside.isEmpty(); i++) {
            LockSupport.parkNanos(10_000_000L);
            inside = scan(namespaceByInode);
        }
        if (inside.isEmpty()) {
            return List.of();
        }
        // names and stacks only when something was found: both stop the JVM at a safepoint
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        Map<Integer, Thread> byTid = javaThreadsByTid(stacks);
        List<Leftover> found = new ArrayList<>();
        for (Map.Entry<Integer, String> e : inside.entrySet()) {
            int tid = e.getKey();
            Thread thread = byTid.get(tid);
            String name = thread != null ? thread.getName() : comm(tid);
            if (name == null) {
                continue; // the thread ended while we looked
            }
            found.add(new Leftover(tid, name, e.getValue(), thread,
                    thread == null ? new StackTraceElement[0] : stacks.getOrDefault(thread, new StackTraceElement[0])));
        }
        return found;
    }

    /** Kernel thread ids of the threads inside the namespaces (one readlink per thread). */
    private static Map<Integer, String> scan(Map<String, String> namespaceByInode) {
        Map<Integer, String> inside = new LinkedHashMap<>();
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
            return Map.of();
        }
        return inside;
    }

    private static String comm(int tid) {
        try {
            return Files.readString(Path.of("/proc/self/task", Integer.toString(tid), "comm"), StandardCharsets.UTF_8)
                    .strip();
        } catch (IOException gone) {
            return null;
        }
    }

    /**
     * Java threads by kernel thread id. Java has no API for a thread's kernel id, but HotSpot's thread dump (the
     * DiagnosticCommand MBean's {@code threadPrint}, as {@code jcmd PID Thread.print}) prints both the Java id
     * ({@code #12}) and the kernel one ({@code nid=}, hex before JDK 19, decimal since). Elsewhere the kernel's
     * {@code comm} — the name cut to 15 bytes — is matched against the names of live threads where unique.
     */
    static Map<Integer, Thread> javaThreadsByTid(Map<Thread, StackTraceElement[]> stacks) {
        Map<Long, Thread> byId = new HashMap<>();
        stacks.keySet().forEach(t -> byId.put(t.getId(), t));
        Map<Integer, Thread> out = new HashMap<>();
        String dump = threadDump();
        if (dump != null) {
            for (String line : dump.split("\n")) {
                Matcher m = DumpLine.PATTERN.matcher(line);
                if (m.find()) {
                    Thread t = byId.get(Long.parseLong(m.group(2)));
                    String nid = m.group(3);
                    if (t != null) {
                        out.put(nid.startsWith("0x") ? Integer.parseInt(nid.substring(2), 16) : Integer.parseInt(nid), t);
                    }
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                int tid = Integer.parseInt(task.getFileName().toString());
                String comm = comm(tid);
                if (comm != null) {
                    List<Thread> matches = stacks.keySet().stream().filter(t -> t.getName().startsWith(comm)).toList();
                    if (matches.size() == 1) {
                        out.put(tid, matches.get(0));
                    }
                }
            });
        } catch (IOException | NumberFormatException e) {
            return out;
        }
        return out;
    }

    private static String threadDump() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "threadPrint",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            return null; // not HotSpot, or no java.management: fall back to the kernel's names
        }
    }
}
