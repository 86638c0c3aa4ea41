package io.github.netnsjunit.netlink.testing;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;

/** Test topologies built with iproute2 through {@link Oracle} (the code under test never runs {@code ip}). */
public final class Veths {
    private Veths() {
    }

    /**
     * Joins {@code a} and {@code b} with veth v0 (in a) – v1 (in b): 10.9.0.1/24 + fd09::1/64 on v0,
     * 10.9.0.2/24 + fd09::2/64 on v1, IPv6 without DAD, links and lo up. No default route anywhere.
     */
    public static void link(NamespaceHandle a, NamespaceHandle b) {
        Oracle.run(a, "ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1", "netns", b.path());
        configure(a, "v0", "10.9.0.1/24", "fd09::1/64");
        configure(b, "v1", "10.9.0.2/24", "fd09::2/64");
        awaitUp(a, "v0");
        awaitUp(b, "v1");
    }

    /**
     * Waits until the kernel reports operstate UP: carrier changes take effect through linkwatch, up to a second
     * later, and until then the device's qdisc drops what is sent (a lost neighbour solicitation costs 1 s).
     */
    public static void awaitUp(NamespaceHandle ns, String dev) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String out = "";
        while (System.nanoTime() < deadline) {
            out = Oracle.run(ns, "ip", "-o", "link", "show", "dev", dev);
            if (out.contains("state UP")) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(dev + " in " + ns.name() + " not UP: " + out);
    }

    private static void configure(NamespaceHandle ns, String dev, String v4, String v6) {
        Oracle.run(ns, "ip", "addr", "add", v4, "dev", dev);
        Oracle.run(ns, "ip", "addr", "add", v6, "dev", dev, "nodad");
        Oracle.run(ns, "ip", "link", "set", "lo", "up");
        Oracle.run(ns, "ip", "link", "set", dev, "up");
    }

    /**
     * Waits up to a second until the JVM holds no more namespaces than {@code before}: a Java thread counts as
     * ended before its kernel task has exited (and let go of its namespace).
     */
    public static java.util.Set<String> awaitNamespaces(java.util.Set<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + 1_000_000_000L;
        java.util.Set<String> now = Oracle.liveNetNamespaceInodes();
        while (!now.equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            now = Oracle.liveNetNamespaceInodes();
        }
        return now;
    }

    /**
     * The JDK keeps one socket of its own for the life of the JVM: the "pre-close" socket of its socket dispatcher,
     * which it dup2()s over a socket being closed while another thread may block on it. JDK 17 makes it at start-up;
     * JDK 25 when the dispatcher class first initialises, i.e. at the first socket a test opens — which a
     * before/after count would take for a leak. Initialising the class first makes it part of every baseline.
     */
    private static void jdkSocketsReady() {
        try {
            Class.forName("sun.nio.ch.NioSocketImpl", true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // another JDK: nothing to prepare
        }
    }

    /** The sockets this JVM has open (from /proc/self/fd), to check that nothing was left open. */
    public static java.util.Set<String> openSockets() {
        jdkSocketsReady();
        java.util.Set<String> out = new java.util.TreeSet<>();
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            fds.forEach(p -> {
                try {
                    String target = java.nio.file.Files.readSymbolicLink(p).toString();
                    if (target.startsWith("socket:")) {
                        out.add(p.getFileName() + " -> " + target);
                    }
                } catch (java.io.IOException ignored) {
                    // closed meanwhile
                }
            });
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** The live threads whose name starts with {@code netns-}: after every handle is closed there must be none. */
    public static java.util.List<String> netnsThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("netns-"))
                .sorted()
                .toList();
    }
}
