package io.github.netnsjunit.netlink.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The independent oracle of the tests: asks the kernel through {@code ip}, {@code nsenter} and {@code /proc},
 * never through the code under test.
 */
public final class Kernel {
    private Kernel() {
    }

    /**
     * Runs a command, returns its standard output; fails on a non-zero exit. Started by {@link Processes}: the fork
     * happens in the JVM's own namespace even when called from a namespace thread, so the JDK's process-reaper
     * thread never lands in a test namespace, and stdout and stderr are drained at the same time.
     */
    public static String run(String... command) {
        return Processes.run(command);
    }

    /**
     * Runs {@code command} inside the network namespace at PATH ({@code nsenter --net=PATH -- command...}) and returns
     * its standard output; fails on a non-zero exit or after {@link Processes#DEFAULT_TIMEOUT}, the message showing
     * stdout and stderr apart. Started by {@link Processes} like {@link #run}: a diagnostic on stderr never mixes into
     * the output a test parses.
     */
    public static String nsenter(String path, String... command) {
        return Processes.runIn(path, command);
    }

    /**
     * Runs {@code command} inside the namespace at PATH to its end, whatever its exit code, for a test that wants the
     * program's own word on a failure (its stderr, apart from its stdout); fails only after
     * {@link Processes#DEFAULT_TIMEOUT}.
     */
    public static Processes.Result nsenterResult(String path, String... command) {
        return Processes.exec(Processes.nsenter(path, command), Processes.DEFAULT_TIMEOUT);
    }

    /** {@code nft list ruleset} inside the namespace at PATH, as nft prints rules. */
    public static String nftRuleset(String path) {
        return nsenter(path, "nft", "list", "ruleset");
    }

    /** {@code nft -j list ruleset} inside the namespace at PATH. */
    public static String nftRulesetJson(String path) {
        return nsenter(path, "nft", "-j", "list", "ruleset");
    }

    /** {@code ip -j addr} inside the namespace at PATH, parsed. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> ipAddr(String path) {
        return (List<Map<String, Object>>) Json.parse(nsenter(path, "ip", "-j", "addr"));
    }

    /** {@code ip -j link} of the host namespace (the JVM's own), parsed. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> hostLinks() {
        return (List<Map<String, Object>>) Json.parse(run("ip", "-j", "link"));
    }

    /** Names of the host's links. */
    public static Set<String> hostLinkNames() {
        return hostLinks().stream().map(l -> (String) l.get("ifname")).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * A comparable shape of {@code ip -j addr}: per link its name, flags, mtu and addresses, without
     * what the kernel picks at random or updates late (MACs, ifindexes, lifetimes, operstate).
     */
    @SuppressWarnings("unchecked")
    public static List<String> addrShape(String path) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> link : ipAddr(path)) {
            StringBuilder sb = new StringBuilder();
            // flags, not operstate: a bridge reports UNKNOWN, then UP, whenever the kernel's linkwatch gets to it
            sb.append(link.get("ifname")).append(" <").append(String.join(",", (List<String>) link.get("flags")))
                    .append("> mtu ").append(link.get("mtu")).append(' ')
                    .append(link.get("master") == null ? "" : "master " + link.get("master") + ' ');
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> infos = (List<Map<String, Object>>) link.getOrDefault("addr_info", List.of());
            for (Map<String, Object> a : infos) {
                if ("link".equals(a.get("scope"))) {
                    continue; // IPv6 link-local: derived from the random MAC
                }
                sb.append(a.get("family")).append(' ').append(a.get("local")).append('/').append(a.get("prefixlen"))
                        .append(' ');
            }
            out.add(sb.toString().strip());
        }
        return out;
    }

    /**
     * Of the given link names, {@code lo} and those backed by a device (present, and not under
     * /sys/devices/virtual). A link that is gone by now (another test run's, removed since the names were read) is
     * not physical: a device does not vanish.
     */
    public static Set<String> physical(Set<String> names) {
        return names.stream().filter(n -> n.equals("lo") || (Files.exists(Path.of("/sys/class/net", n))
                        && !Files.exists(Path.of("/sys/devices/virtual/net", n))))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Host links this JVM made: the extension names every host-side link {@code nj<pid base 36>-<random>}, so
     * these are ours whatever the test declared.
     */
    public static Set<String> ourHostLinks() {
        return ourHostLinks(ProcessHandle.current().pid());
    }

    /** Host links made by the JVM with that pid. */
    public static Set<String> ourHostLinks(long pid) {
        String prefix = "nj" + Long.toString(pid, 36) + "-";
        return hostLinkNames().stream().filter(n -> n.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The inode text ({@code net:[4026532…]}) of a namespace file. */
    public static String inode(String path) {
        try {
            return Files.readSymbolicLink(Path.of(path)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The network namespace of the calling thread, from /proc. */
    public static String currentThreadNamespace() {
        return inode("/proc/thread-self/ns/net");
    }

    /** The JVM's own (its main thread's) network namespace. */
    public static String hostNamespace() {
        return inode("/proc/self/ns/net");
    }

    /** Network namespaces this JVM holds: distinct inodes of /proc/self/task/N/ns/net and /proc/self/fd/N. */
    public static Set<String> jvmNamespaces() {
        return namespacesOf(Path.of("/proc/self"));
    }

    /** Like {@link #jvmNamespaces()}, over every process of the machine (as far as readable). */
    public static Set<String> machineNamespaces() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> out.addAll(namespacesOf(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // bind mounts (ip netns add), held by no process
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 3 && f[3].startsWith("net:[")) {
                    out.add(f[3]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Set<String> namespacesOf(Path proc) {
        Set<String> out = new TreeSet<>();
        for (String dir : new String[] {"task", "fd"}) {
            try (Stream<Path> entries = Files.list(proc.resolve(dir))) {
                entries.forEach(e -> {
                    Path link = dir.equals("task") ? e.resolve("ns/net") : e;
                    try {
                        String target = Files.readSymbolicLink(link).toString();
                        if (target.startsWith("net:[")) {
                            out.add(target);
                        }
                    } catch (IOException | SecurityException ignored) {
                        // gone, or not ours to read
                    }
                });
            } catch (IOException | SecurityException ignored) {
                // the process ended
            }
        }
        return out;
    }

    /** Open file descriptors of this JVM. */
    public static int openFds() {
        return count(Path.of("/proc/self/fd"));
    }

    /** Kernel threads (tasks) of this JVM. */
    public static int tasks() {
        return count(Path.of("/proc/self/task"));
    }

    /** Names ({@code comm}) of the JVM's tasks. */
    public static List<String> taskNames() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    out.add(Files.readString(t.resolve("comm")).strip());
                } catch (IOException ignored) {
                    // ended
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The network namespaces of the JVM's tasks named {@code comm} (e.g. the JDK's "process reaper"), one per task. */
    public static List<String> taskNamespaces(String comm) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(t -> {
                try {
                    if (Files.readString(t.resolve("comm")).strip().equals(comm)) {
                        out.add(Files.readSymbolicLink(t.resolve("ns/net")).toString());
                    }
                } catch (IOException ignored) {
                    // ended
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * True while the process with that pid runs: it exists and is not a zombie ({@code Z}) or dead ({@code X}) in
     * {@code /proc/PID/stat}. (The JDK's {@code ProcessHandle.isAlive} counts a zombie as alive.)
     */
    public static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static int count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sysctl of the calling thread's namespace (the host's, from a JUnit thread). */
    public static String hostSysctl(String key) {
        // one read() with a whole buffer: /proc/sys reports size 0, so Files.readString reads its first byte alone,
        // and the sysctl handlers answer a read at a non-zero offset with EOF ("64" would read as "6")
        try (java.io.InputStream in = Files.newInputStream(Path.of("/proc/sys/" + key.replace('.', '/')))) {
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            return n < 0 ? "" : new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the condition holds, up to the timeout; returns the milliseconds it took, or -1. */
    public static long await(java.util.function.BooleanSupplier condition, long timeoutMillis) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (condition.getAsBoolean()) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    /** A tiny JSON reader for {@code ip -j} / {@code nft -j}: objects, arrays, strings, numbers, literals. */
    public static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        public static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != j.s.length()) {
                throw new IllegalArgumentException("trailing text at " + j.i + ": " + text);
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        i++; // ':'
                        m.put(k, value());
                        ws();
                        if (s.charAt(i++) == '}') {
                            return m;
                        }
                    }
                }
                case '[': {
                    List<Object> l = new ArrayList<>();
                    i++;
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i++) == ']') {
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                default:
                    int start = i;
                    while (i < s.length() && ",]} \n\r\t".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String t = s.substring(start, i);
                    if (t.equals("true") || t.equals("false")) {
                        return Boolean.valueOf(t);
                    }
                    if (t.equals("null")) {
                        return null;
                    }
                    return t.contains(".") || t.contains("e") ? (Object) Double.valueOf(t) : (Object) Long.valueOf(t);
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
