package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.ns.JvmNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Internal: explains a test failure whose network work ran on a thread outside the namespace the test's code ran in
 * — a client library's own thread ({@link LibraryThreads}: OkHttp's task runner, reactor-netty's or Netty's event
 * loops, gRPC's and Lettuce's threads), a {@code java.net.http.HttpClient}'s threads, a {@code Timer}'s, an
 * executor's, a virtual thread's carrier. Such a thread was born where it was first needed (the JVM's namespace, or
 * an earlier test's) and never moves, so its connections leave from there: in a sealed or private JVM the test sees
 * only the JDK's "Network is unreachable" or "Connection refused", which does not say why.
 *
 * <p>The evidence has to be in the failure, so that a thread that did nothing for this test is never named: either
 * the library's classes are in it (a frame or an exception class of any of its parts: {@link FailureParts}), and
 * then the library's threads outside the test's namespace are named; or a part was thrown on a thread of a kind
 * (its run loop at the bottom of the part's stack: a {@code Timer}, an executor's worker, a virtual thread), and
 * then the live threads of that kind outside the namespace are named. "Outside" means: in none of the test's
 * namespaces, or in the JVM's own namespace while the test's code ran in another one. The namespace of a thread is
 * read from {@code /proc/self/task/TID/ns/net}.
 */
public final class LibraryThreadEscape {
    private static final String OR_ELSE = " Or make the client inside the test, in its namespace, and close it before"
            + " the test ends: its threads are then born in the test's namespace and end with it.";

    /** A kind of thread that does a library's network work, with the evidence that the failure involves it. */
    private record Kind(String library, Predicate<String> involvedClass, Pattern name, String threadClass,
            String what, String fix) {
    }

    /** A kind of thread recognised by where a failure part was thrown (the run loop at the bottom of its stack). */
    private record Carrier(String bottomClass, String label, Predicate<Thread> isOne, String what, String fix) {
    }

    private static final List<Kind> JDK = List.of(new Kind("the JDK's java.net.http.HttpClient",
            c -> c.startsWith("jdk.internal.net.http.") || c.startsWith("java.net.http."),
            Pattern.compile("HttpClient-\\d+-(Worker-\\d+|SelectorManager)"), null,
            "a java.net.http.HttpClient's own threads (its SelectorManager connects and does every read and write;"
                    + " its default executor's workers run sendAsync's stages), born where the client was made",
            "Fix: make the HttpClient on JUnit's thread in host with -Dnetns.junit.jvmNamespace=private (or sealed,"
                    + " -Psealed), or inside the test and close it (JDK 21+) before the test ends."));

    /** The libraries of {@link LibraryThreads} that do network work on their threads, by the evidence of their classes. */
    private static final Map<String, Predicate<String>> NETWORK_LIBRARIES = Map.of(
            "OkHttp", c -> c.startsWith("okhttp3."),
            "reactor-netty", c -> c.startsWith("reactor.netty.") || c.startsWith("io.netty."),
            "Netty", c -> c.startsWith("io.netty."),
            "Reactor", c -> c.startsWith("reactor.core."),
            "gRPC", c -> c.startsWith("io.grpc."),
            "Lettuce", c -> c.startsWith("io.lettuce."));

    private static final String EXECUTOR = "an executor's worker thread";
    private static final String VIRTUAL_THREAD = "a virtual thread";

    private static final List<Carrier> CARRIERS = List.of(
            new Carrier("java.util.TimerThread", "a java.util.Timer's thread",
                    t -> t.getClass().getName().equals("java.util.TimerThread"),
                    "A Timer's thread is born where the Timer was made (a static Timer: wherever it was first used)",
                    "Fix: make the Timer in the test and cancel() it before the test ends, or make and use it on JUnit's"
                            + " thread in host with -Dnetns.junit.jvmNamespace=private (or sealed, -Psealed)."),
            new Carrier("java.util.concurrent.ThreadPoolExecutor$Worker", EXECUTOR,
                    t -> stackHas(t, "java.util.concurrent.ThreadPoolExecutor$Worker"),
                    "An executor's threads are born where the executor first needed them (a static executor: wherever"
                            + " it was first used)",
                    "Fix: make the executor in the test and shut it down (shutdownNow(), awaitTermination()) before the"
                            + " test ends, or use it on JUnit's thread in host with -Dnetns.junit.jvmNamespace=private"
                            + " (or sealed, -Psealed)."),
            new Carrier("java.lang.VirtualThread", VIRTUAL_THREAD,
                    t -> classChainHas(t, "jdk.internal.misc.CarrierThread"),
                    "A virtual thread's system calls run on its carrier, a thread of the JDK's virtual-thread scheduler,"
                            + " which netns-junit keeps in the JVM's own namespace",
                    "Fix: in the virtual thread, do the network work through the namespace (ns.call(...), which runs it"
                            + " on a platform thread there), or write the test in the recommended style: client code on"
                            + " JUnit's thread in host with -Dnetns.junit.jvmNamespace=private (or sealed, -Psealed)."));

    /** The exceptions that say a network operation failed (superclasses count: {@link #classesOf}). */
    private static final List<String> NETWORK_ERRORS = List.of("java.net.SocketException",
            "java.net.SocketTimeoutException", "java.io.InterruptedIOException", "java.net.UnknownHostException", "java.net.http.HttpTimeoutException",
            "java.nio.channels.UnresolvedAddressException", "io.netty.channel.ConnectTimeoutException");

    /** The JDK's delay thread, an executor's worker that netns-junit itself starts in the JVM's namespace. */
    private static final Set<String> NOT_AN_APPLICATION_EXECUTOR = Set.of("CompletableFutureDelayScheduler");

    private LibraryThreadEscape() {
    }

    /**
     * The explanations, one per library or kind of thread, for a failure of a test whose code ran in
     * {@code codeNamespace} (a topology namespace's name, or {@code "host"} for the JVM's own).
     *
     * @param namespaceByInode the test's namespaces, {@code net:[inode]} to name, read while they are open
     */
    public static List<String> explain(List<Throwable> failureParts, String codeNamespace,
            Map<String, String> namespaceByInode) {
        String jvm = JvmNamespace.link();
        String codeInode = namespaceByInode.entrySet().stream().filter(e -> e.getValue().equals(codeNamespace))
                .map(Map.Entry::getKey).findFirst().orElse(jvm);
        Predicate<String> outside = inode -> inode != null && !inode.equals(codeInode)
                && (!namespaceByInode.containsKey(inode) || inode.equals(jvm));
        Set<String> classes = classesOf(failureParts);
        if (NETWORK_ERRORS.stream().noneMatch(classes::contains)) {
            return List.of(); // no network error in the failure: nothing network went wrong for a thread to explain
        }
        List<Carrier> thrownOn = CARRIERS.stream().filter(c -> thrownOn(failureParts, c.bottomClass())).toList();
        boolean anyLibrary = classes.stream().anyMatch(c -> NETWORK_LIBRARIES.values().stream().anyMatch(p -> p.test(c))
                || JDK.stream().anyMatch(k -> k.involvedClass().test(c)));
        if (!anyLibrary && thrownOn.isEmpty()) {
            return List.of();
        }
        // only now the threads: a thread dump stops the JVM at a safepoint
        Map<Thread, StackTraceElement[]> stacks = Thread.getAllStackTraces();
        Map<Thread, Integer> tids = new LinkedHashMap<>();
        LeftoverThreads.javaThreadsByTid(stacks).forEach((tid, t) -> tids.put(t, tid));
        Map<String, List<String>> byLibrary = new LinkedHashMap<>();
        Map<String, String> whatByLibrary = new LinkedHashMap<>();
        Map<String, String> fixByLibrary = new LinkedHashMap<>();
        List<Map.Entry<Thread, StackTraceElement[]>> byTid = new ArrayList<>(stacks.entrySet());
        byTid.sort(Comparator.comparingInt(e -> tids.getOrDefault(e.getKey(), Integer.MAX_VALUE)));
        for (Map.Entry<Thread, StackTraceElement[]> e : byTid) {
            Thread t = e.getKey();
            Integer tid = tids.get(t);
            if (tid == null) {
                continue;
            }
            Optional<LibraryThreads.Known> known = LibraryThreads.recognise(t, t.getName(), e.getValue())
                    .filter(k -> NETWORK_LIBRARIES.containsKey(k.library())
                            && classes.stream().anyMatch(NETWORK_LIBRARIES.get(k.library())));
            String library = null;
            if (known.isPresent()) {
                library = known.get().library();
                whatByLibrary.putIfAbsent(library, known.get().what());
                fixByLibrary.putIfAbsent(library, known.get().fix() + OR_ELSE);
            } else {
                for (Kind k : JDK) {
                    if (k.name().matcher(t.getName()).matches() && classes.stream().anyMatch(k.involvedClass())) {
                        library = k.library();
                        whatByLibrary.putIfAbsent(library, k.what());
                        fixByLibrary.putIfAbsent(library, k.fix());
                    }
                }
            }
            Optional<LibraryThreads.Known> other = library == null ? LibraryThreads.recognise(t, t.getName(),
                    e.getValue()) : Optional.empty();
            if (library == null && !NOT_AN_APPLICATION_EXECUTOR.contains(t.getName())) {
                for (Carrier c : thrownOn) {
                    // a carrier is also a known "library" thread (LibraryThreads: virtual threads), and is named here
                    if (c.isOne().test(t) && (other.isEmpty() || (c.label().equals(VIRTUAL_THREAD)
                            && other.get().library().equals("virtual threads")))) {
                        library = c.label();
                        whatByLibrary.putIfAbsent(library, c.what());
                        fixByLibrary.putIfAbsent(library, c.fix());
                        break;
                    }
                }
            }
            if (library == null) {
                continue;
            }
            String inode = inodeOf(tid);
            if (outside.test(inode)) {
                byLibrary.computeIfAbsent(library, l -> new ArrayList<>()).add("'" + t.getName() + "' (tid " + tid
                        + ") in " + where(inode, jvm, namespaceByInode));
            }
        }
        boolean libraryNamed = byLibrary.keySet().stream()
                .anyMatch(l -> CARRIERS.stream().noneMatch(c -> c.label().equals(l)));
        List<String> out = new ArrayList<>();
        byLibrary.forEach((library, threads) -> {
            boolean kind = CARRIERS.stream().anyMatch(c -> c.label().equals(library));
            if (kind && libraryNamed && library.equals(EXECUTOR)) {
                return; // a library's own executor threw it (OkHttp's task runner is a ThreadPoolExecutor): named above
            }
            String first = kind
                    ? "part of this failure was thrown on " + library + ", but this test's code ran in "
                            + name(codeNamespace) + ", and these threads of that kind are not there: "
                    : "this test's code ran in " + name(codeNamespace) + ", but the failure involves " + library
                            + " (its classes are in it), whose network work runs on threads of its own, and these are"
                            + " not in " + name(codeNamespace) + ": ";
            out.add(first + String.join(", ", threads) + ". " + capitalised(whatByLibrary.get(library))
                    + "; a thread stays in the namespace it was born in, so the connections made on it leave from"
                    + " there, not from " + name(codeNamespace) + " (in a sealed or private JVM: \"Network is"
                    + " unreachable\" or \"Connection refused\"; elsewhere they may reach another server). "
                    + fixByLibrary.get(library));
        });
        return out;
    }

    private static String name(String namespace) {
        return "host".equals(namespace) ? "the JVM's own namespace (host)" : "netns " + namespace;
    }

    private static String where(String inode, String jvm, Map<String, String> namespaceByInode) {
        if (inode.equals(jvm)) {
            return "the JVM's own namespace";
        }
        String own = namespaceByInode.get(inode);
        if (own == null && JvmNamespace.isPrivate() && inode.equals(leaderInode())) {
            return "the machine's namespace (where the JVM started: the thread is older than the JVM's private"
                    + " namespace, made when the test plan started — a client made in a static initializer run before"
                    + " that)";
        }
        return own != null ? "netns " + own : "a namespace that is not this test's (" + inode + ": an earlier test's,"
                + " cut off since that test ended, or one made elsewhere)";
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Set<String> classesOf(List<Throwable> parts) {
        Set<String> classes = new HashSet<>();
        for (Throwable t : parts) {
            for (Class<?> c = t.getClass(); c != null && c != Throwable.class; c = c.getSuperclass()) {
                classes.add(c.getName());
            }
            for (StackTraceElement f : t.getStackTrace()) {
                classes.add(f.getClassName());
            }
        }
        return classes;
    }

    /** True when some part's stack ends (within its last four frames) in {@code bottomClass}: thrown on such a thread. */
    private static boolean thrownOn(List<Throwable> parts, String bottomClass) {
        for (Throwable t : parts) {
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = stack.length - 1; i >= 0 && i >= stack.length - 4; i--) {
                if (stack[i].getClassName().equals(bottomClass)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean stackHas(Thread t, String className) {
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static boolean classChainHas(Thread t, String className) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static String leaderInode() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String inodeOf(int tid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/task", Integer.toString(tid), "ns/net")).toString();
        } catch (IOException ended) {
            return null;
        }
    }
}
