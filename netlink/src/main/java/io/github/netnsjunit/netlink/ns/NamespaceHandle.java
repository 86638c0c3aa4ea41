package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A network namespace held by a file descriptor, with a route netlink socket opened inside it (and a netfilter one
 * when first needed).
 *
 * <p>A namespace made by {@link #create} lives exactly as long as this handle: {@link #close()} closes the fd and
 * the sockets, and the kernel destroys the namespace with everything in it. If the JVM dies, the kernel closes
 * them anyway, so nothing can leak. The handle of the JVM's own namespace ({@link #host()}) never destroys it.
 */
public final class NamespaceHandle implements AutoCloseable {
    /** Told each time a handle starts a pinned thread (see {@link #onThreadStart}). */
    @FunctionalInterface
    public interface ThreadStartListener {
        /** {@code thread} is running inside {@code ns}; no task has run on it yet. */
        void started(NamespaceHandle ns, NamespaceThread thread);
    }

    /** Code run on the creating thread while it is inside the new namespace (e.g. sysctl writes). */
    @FunctionalInterface
    public interface Initializer {
        /** Configures the namespace {@code name}; the calling thread is inside it. */
        void initialize(String name);
    }

    /** The name {@link #host()} gives the JVM's own namespace in messages (the extension's reserved name too). */
    public static final String HOST_NAME = "host";

    private final String name;
    private final int fd;
    private final boolean owned;
    private final NetlinkSocket route;
    /** Opened on first use: most topologies have no nft tables, and a socket costs about as much as a sysctl. */
    private NetlinkSocket netfilter;
    private NamespaceThread thread;
    /** The view of /sys and /proc/net its pinned threads share (made by the first one). */
    private final SharedMountView view;
    /** Pinned threads started so far (a new one after each {@link #releaseThread}). */
    private int threadsStarted;
    private final List<ThreadStartListener> threadStartListeners = new ArrayList<>();
    private boolean closed;

    private NamespaceHandle(String name, int fd, boolean owned, NetlinkSocket route) {
        this.name = name;
        this.fd = fd;
        this.owned = owned;
        this.route = route;
        this.view = new SharedMountView();
    }

    /** Creates one fresh namespace. */
    public static NamespaceHandle create(String name) {
        return createAll(List.of(name), n -> { }).get(0);
    }

    /**
     * Creates fresh namespaces, in order: for each, unshare(CLONE_NEWNET), open the route socket and an fd on
     * the namespace, run {@code initializer} inside. A platform thread does this itself and returns to its own
     * namespace with setns(2) before this method returns or throws (it cannot leave a namespace behind pinned: if it
     * could not return, the namespaces are closed and an {@link IllegalStateException} is thrown); a virtual thread
     * hands the work to a short-lived platform thread, since it must never change namespace. On failure,
     * the namespaces already made are closed.
     */
    public static List<NamespaceHandle> createAll(List<String> names, Initializer initializer) {
        return createAll(names, Set.of(), initializer);
    }

    /**
     * Like {@link #createAll(List, Initializer)}; the namespaces named in {@code withNetfilter} also get their
     * NETLINK_NETFILTER socket at once, while the creating thread is inside, which is cheaper than on first use
     * (that has to enter the namespace and come back).
     */
    public static List<NamespaceHandle> createAll(List<String> names, Set<String> withNetfilter, Initializer initializer) {
        return HomeReturn.run(() -> "creating network namespaces " + names, () -> make(names, withNetfilter, initializer),
                made -> made.forEach(NamespaceHandle::closeQuietly));
    }

    /** Unshares and opens each namespace in turn on the calling thread, which ends in the last one. */
    private static List<NamespaceHandle> make(List<String> names, Set<String> withNetfilter, Initializer initializer) {
        List<NamespaceHandle> made = new ArrayList<>();
        try {
            for (String n : names) {
                Native.unshareNetwork();
                NamespaceHandle ns = openCurrent(n, true);
                made.add(ns);
                if (withNetfilter.contains(n)) {
                    ns.openNetfilterHere();
                }
                initializer.initialize(n);
            }
            return made;
        } catch (RuntimeException | Error e) {
            made.forEach(NamespaceHandle::closeQuietly);
            throw e;
        }
    }

    /**
     * A handle on a namespace that exists already, mounted at {@code mounted}: an entry of {@code /run/netns} (made
     * by {@code ip netns add NAME}) or an {@link #attach} target. Not owned, like {@link #host()}: {@link #close()}
     * closes only our fd and sockets, and the namespace stays. The calling thread opens the route socket inside and
     * returns to its own namespace before this returns (a virtual thread hands that to a short-lived platform
     * thread).
     *
     * @param name the name used in messages and thread names, e.g. the {@code ip netns} name
     * @throws SyscallException when {@code mounted} cannot be opened ({@code ENOENT}) or is not a network namespace
     *         ({@code EINVAL} from setns(2))
     */
    public static NamespaceHandle open(Path mounted, String name) {
        Objects.requireNonNull(mounted, "mounted");
        Objects.requireNonNull(name, "name");
        return HomeReturn.run(() -> "opening network namespace " + name + " at " + mounted, () -> {
            int fd = Native.openReadOnly(mounted.toString());
            NetlinkSocket route = null;
            try {
                Native.setns(fd, Native.CLONE_NEWNET);
                route = NetlinkSocket.open(Netlink.NETLINK_ROUTE, name);
                return new NamespaceHandle(name, fd, false, route);
            } catch (RuntimeException | Error e) {
                if (route != null) {
                    route.close();
                }
                Native.close(fd);
                throw e;
            }
        }, NamespaceHandle::closeQuietly);
    }

    /**
     * A handle on the JVM's own network namespace (that of its main thread group). Closing it closes only our fd
     * and sockets.
     */
    public static NamespaceHandle host() {
        return host(HOST_NAME);
    }

    /** Like {@link #host()}, with the name used in messages. */
    public static NamespaceHandle host(String name) {
        try {
            // usually the calling thread is there already; from a namespace thread a short-lived one goes there
            return JvmNamespace.call(() -> openCurrent(name, false));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("opening the JVM's network namespace failed", t);
        }
    }

    private static NamespaceHandle openCurrent(String name, boolean owned) {
        NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE, name);
        try {
            return new NamespaceHandle(name, namespaceFd(route), owned, route);
        } catch (RuntimeException e) {
            route.close();
            throw e;
        }
    }

    /**
     * An fd on the namespace of the calling thread, which is also that of {@code socket}: asked of the socket
     * (SIOCGSKNS, one ioctl) rather than opened by path ({@code /proc/thread-self/ns/net}, a slower /proc walk),
     * which stays the fallback for kernels before 4.9.
     */
    private static int namespaceFd(NetlinkSocket socket) {
        try {
            return Native.namespaceOfSocket(socket.fd());
        } catch (RuntimeException e) {
            return Native.openReadOnly("/proc/thread-self/ns/net");
        }
    }

    /** The name used for this namespace in messages and thread names. */
    public String name() {
        return name;
    }

    /** The namespace file descriptor (valid until {@link #close()}). */
    public int fd() {
        return fd;
    }

    /** True for a namespace this handle created and destroys on close; false for the JVM's own. */
    public boolean isOwned() {
        return owned;
    }

    /** The NETLINK_ROUTE socket opened inside this namespace. */
    public NetlinkSocket routeSocket() {
        return route;
    }

    /** Opens the netfilter socket on the calling thread, which is inside this namespace (during creation). */
    private synchronized void openNetfilterHere() {
        netfilter = NetlinkSocket.open(Netlink.NETLINK_NETFILTER, name);
    }

    /**
     * The NETLINK_NETFILTER socket of this namespace, opened on first use (the calling thread enters the namespace
     * for the socket(2) call and returns).
     */
    public synchronized NetlinkSocket netfilterSocket() {
        ensureOpen();
        if (netfilter == null) {
            netfilter = HomeReturn.run(() -> "opening a netfilter socket in netns " + name, () -> {
                Native.setns(fd, Native.CLONE_NEWNET);
                return NetlinkSocket.open(Netlink.NETLINK_NETFILTER, name);
            }, NetlinkSocket::close);
        }
        return netfilter;
    }

    /**
     * Runs {@code work} with the calling thread inside this namespace (setns(CLONE_NEWNET)) and returns its result
     * with the thread back home, as {@link #netfilterSocket()} does for its socket: for sockets that must belong to
     * this namespace without the pinned thread (whose start costs more). A virtual thread hands the work to a
     * short-lived platform thread. If the thread cannot return, the result goes to {@code discard} and an
     * {@link IllegalStateException} is thrown.
     */
    public <T> T inside(String what, java.util.function.Supplier<T> work, java.util.function.Consumer<T> discard) {
        ensureOpen();
        return HomeReturn.run(() -> what + " in netns " + name, () -> {
            Native.setns(fd, Native.CLONE_NEWNET);
            return work.get();
        }, discard);
    }

    /**
     * A path that names this namespace while the handle is open, for {@code nsenter --net=PATH} or
     * {@code ip netns exec}-like tools: {@code /proc/<jvm pid>/fd/<fd>}.
     */
    public String path() {
        // getpid(2), not ProcessHandle.current(): the latter's first use starts the JDK's process-reaper machinery
        // (an executor, its thread factory, lambdas), about 14 ms of CPU in a fresh JVM, on the first topology's path
        return "/proc/" + Native.getpid() + "/fd/" + fd;
    }

    /**
     * Bind-mounts this namespace onto {@code target}, like {@code ip netns attach} (or {@code ip netns add}, whose
     * entries live in {@code /run/netns}), so that it outlives this handle and the JVM: {@code ip netns exec NAME}
     * and {@code nsenter --net=TARGET} enter it until {@link #detach} undoes it. {@code target} is created as an
     * empty file if it does not exist (create it yourself with {@link Files#createFile} to claim a unique name);
     * if the mount fails, a file created here is removed again.
     */
    public void attach(Path target) {
        ensureOpen();
        boolean created = false;
        try {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(target);
                created = true;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mount point " + target + " for netns " + name, e);
        }
        try {
            Native.bindMount(path(), target.toString());
        } catch (RuntimeException e) {
            if (created) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /**
     * Undoes {@link #attach}, like {@code ip netns del}: unmounts {@code target} (lazily, MNT_DETACH: a process
     * still inside keeps the namespace, not the mount) and deletes the file. Returns false when nothing was mounted
     * there (no such file, or a plain file, e.g. left by a crash between creating and mounting it), which is not
     * an error: the file is deleted all the same. Other failures (EPERM, EBUSY) throw {@link SyscallException}.
     */
    public static boolean detach(Path target) {
        boolean mounted = true;
        try {
            Native.detachMount(target.toString());
        } catch (SyscallException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) { // EINVAL: not a mount point
                throw e;
            }
            mounted = false;
        }
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + target, e);
        }
        return mounted;
    }

    /** The view of /sys and /proc/net shared by this namespace's pinned threads (for tests). */
    SharedMountView view() {
        return view;
    }

    /** The platform thread pinned to this namespace, started on first use and ended by {@link #close()}. */
    public synchronized NamespaceThread thread() {
        ensureOpen();
        if (thread == null) {
            thread = new NamespaceThread("netns-" + name, fd, view);
            threadsStarted++;
            // before any task runs on it: threads started from now on may have been started from inside
            for (ThreadStartListener l : threadStartListeners) {
                l.started(this, thread);
            }
        }
        return thread;
    }

    /**
     * Registers {@code listener} to be told, on the calling thread of {@link #thread()}, each time this handle
     * starts a pinned thread, after it entered the namespace and before any task runs on it. Register before first
     * use: a listener registered after a pinned thread was started would have missed it, so that is refused.
     */
    public synchronized void onThreadStart(ThreadStartListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (threadsStarted > 0) {
            throw new IllegalStateException("netns " + name + " has started " + threadsStarted + " pinned thread"
                    + (threadsStarted == 1 ? "" : "s") + " already: register thread start listeners before first use");
        }
        threadStartListeners.add(listener);
    }

    /**
     * Ends the pinned thread and the namespace's view of {@code /sys} and {@code /proc/net} that its pinned threads
     * share (the next thread makes a new one): what {@link #releaseThread} did before the view was shared, e.g. for
     * a benchmark that releases a thread untimed before it times the namespace's teardown. True if both ended within
     * the timeout.
     */
    public synchronized boolean releaseThreadAndView(long timeoutMillis) {
        view.ending();
        boolean ended = releaseThread(timeoutMillis);
        try {
            view.end();
        } catch (IllegalStateException e) {
            return false;
        }
        return ended;
    }

    /**
     * Ends the pinned thread now (a new one starts on next use); true if it ended within the timeout. If it made the
     * namespace's view of {@code /sys} and {@code /proc/net}, it stays, parked, as the view's anchor until the
     * namespace closes (see {@link #releaseThreadAndView}).
     */
    public synchronized boolean releaseThread(long timeoutMillis) {
        if (thread == null) {
            return true;
        }
        boolean ended = thread.close(timeoutMillis);
        thread = null;
        return ended;
    }

    /**
     * Runs {@code task} on the pinned thread; its exceptions are rethrown unchanged. While the pinned thread runs
     * another task (a test body) and the caller is another thread, the task runs instead on a thread of its own made
     * for it the same way (entered into this namespace, with the same private view) and ended when it returns: the
     * body may be waiting for the caller (a virtual or pool thread the body joins), and queueing behind it would
     * deadlock.
     */
    public <T> T call(NamespaceThread.Task<T> task) throws Throwable {
        NamespaceThread pinned = thread();
        if (pinned.isCurrent() || !pinned.isBusy()) {
            return pinned.call(task);
        }
        NamespaceThread helper = new NamespaceThread("netns-" + name + "-call", fd, view);
        try {
            return helper.call(task);
        } finally {
            helper.close();
        }
    }

    /** Like {@link #call}, for code that throws only unchecked exceptions. */
    public <T> T callUnchecked(NamespaceThread.Task<T> task) {
        try {
            return call(task);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads a sysctl of this namespace, e.g. {@code net.ipv4.ip_forward}. */
    public String sysctl(String key) {
        return callUnchecked(() -> Sysctls.read(key));
    }

    /** Writes a sysctl of this namespace and returns the previous value. */
    public String sysctl(String key, String value) {
        Objects.requireNonNull(value, "value");
        return callUnchecked(() -> {
            String old = Sysctls.read(key);
            Sysctls.write(key, value);
            return old;
        });
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netns " + name + " is closed");
        }
    }

    /** True once closed. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Ends the pinned thread, closes the sockets and the fd. For an owned namespace this releases our last
     * references and the kernel destroys it (asynchronously) with its links, routes and nft tables.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        view.closing(); // the pinned thread ends now, even if it made the view
        RuntimeException failure = null;
        if (thread != null && !thread.close(NamespaceThread.END_TIMEOUT_MILLIS)) {
            failure = new IllegalStateException("thread " + thread.thread().getName() + " of netns " + name
                    + " did not end within " + NamespaceThread.END_TIMEOUT_MILLIS / 1000 + " s; it keeps the namespace"
                    + " alive");
        }
        thread = null;
        for (AutoCloseable c : new AutoCloseable[] {view, netfilter, route, () -> Native.close(fd)}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(NamespaceHandle ns) {
        try {
            ns.close();
        } catch (RuntimeException ignored) {
            // creation already failed; that error is the one reported
        }
    }

    @Override
    public String toString() {
        return "netns " + name + (owned ? "" : " (the JVM's own)");
    }
}
