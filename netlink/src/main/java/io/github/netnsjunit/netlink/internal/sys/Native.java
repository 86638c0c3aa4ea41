package io.github.netnsjunit.netlink.internal.sys;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Internal (not exported): checked wrappers over the libc calls this library uses. Every wrapper turns {@code -1} into a
 * {@link SyscallException} that names the call and its target; EINTR is retried.
 *
 * <p>Architectures: the constants below and the struct layouts built here ({@code sockaddr_nl}, {@code pollfd},
 * {@code timespec}) are those of 64-bit Linux with the asm-generic socket, ioctl and fcntl headers, which x86-64,
 * arm64 and riscv64 all use (alpha, mips, parisc, powerpc and sparc differ, e.g. SO_RCVTIMEO is 18 on powerpc, and
 * are not supported). The one syscall made by number, gettid, comes from a per-architecture table
 * ({@link Syscalls}). ArchitectureConstantsTest checks all of them against the kernel's uapi headers.
 *
 * <p>Thread note: {@link #unshareNetwork()} and {@link #setns(int, int)} act on the <em>calling thread</em> only.
 */
public final class Native {
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_BINDTODEVICE = 25;
    public static final int SOL_NETLINK = 270;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int CLONE_FS = 0x200;
    /** New mount namespace (unshare) / mount namespace type (setns); the same value on every architecture. */
    public static final int CLONE_NEWNS = 0x20000;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CLOEXEC = 0x80000;
    public static final int POLLIN = 1;
    public static final long MS_BIND = 4096;
    /** mount(2) flags (include/uapi/linux/mount.h, the same on every architecture). */
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;
    public static final int MNT_DETACH = 2;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_ICMPV6 = 58;
    /** Option level of raw IPv4 sockets; its option 1 is ICMP_FILTER. */
    public static final int SOL_RAW = 255;
    public static final int SOL_PACKET = 263;
    /** Kernel timestamps on received packets, read back with {@link #lastPacketTimestampNanos(int)}. */
    public static final int SO_TIMESTAMPNS = 35;
    /** linux/sockios.h: the namespace of a socket (Linux 4.9+). */
    static final long SIOCGSKNS = 0x894C;
    /** All link-layer protocols, in host order: pass {@code Short.reverseBytes} of it where be16 is expected. */
    public static final int ETH_P_ALL = 3;

    /** asm-generic/sockios.h {@code SIOCGSTAMPNS_OLD}: a 64-bit {@code struct timespec} on 64-bit architectures. */
    static final long SIOCGSTAMPNS = 0x8907;

    private Native() {
    }

    private static int errno() {
        return DirectLibC.errno();
    }

    /** The exception for {@code call} failing with {@code errno}, with its strerror(3) text. */
    public static SyscallException failure(String call, int errno) {
        return new SyscallException(call, errno, strerror(errno));
    }

    /** strerror(3) text for an errno. */
    public static String strerror(int errno) {
        return DirectLibC.strerror(Math.abs(errno));
    }

    /**
     * The exception for a call that just returned -1 on this thread, with its errno. The callers test the result
     * and build the description only on failure (these calls sit on every topology's fast path) with a plain
     * {@code if} rather than a description lambda: each lambda is a class spun at its first run, about half a
     * millisecond of CPU apiece in a fresh JVM (benchmarks/README.md, "first topology in a fresh JVM").
     */
    private static SyscallException failed(String call) {
        return failure(call, errno());
    }

    /** socket(2). */
    public static int socket(int domain, int type, int protocol) {
        int result = DirectLibC.socket(domain, type | SOCK_CLOEXEC, protocol);
        if (result < 0) {
            throw failed("socket(" + domain + ", " + type + ", " + protocol + ")");
        }
        return result;
    }

    /** bind(2) with a raw sockaddr. */
    public static void bind(int fd, byte[] sockaddr) {
        int result = DirectLibC.bind(fd, sockaddr, sockaddr.length);
        if (result < 0) {
            throw failed("bind(fd " + fd + ")");
        }
    }

    /** setsockopt(2) with an int value. */
    public static void setsockopt(int fd, int level, int option, int value) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        setsockopt(fd, level, option, v);
    }

    /** setsockopt(2) with raw bytes. */
    public static void setsockopt(int fd, int level, int option, byte[] value) {
        int result = DirectLibC.setsockopt(fd, level, option, value, value.length);
        if (result < 0) {
            throw failed("setsockopt(fd " + fd + ", level " + level + ", option " + option + ")");
        }
    }

    /** getsockopt(2) into a buffer; returns the length written. */
    public static int getsockopt(int fd, int level, int option, byte[] value) {
        int[] length = {value.length};
        int result = DirectLibC.getsockopt(fd, level, option, value, length);
        if (result < 0) {
            throw failed("getsockopt(fd " + fd + ", level " + level + ", option " + option + ")");
        }
        return length[0];
    }

    /**
     * sendto(2) of the buffer's remaining bytes; {@code sockaddr} may be null (connected or netlink default).
     * The buffer must be direct.
     */
    public static int sendto(int fd, ByteBuffer buffer, byte[] sockaddr) {
        while (true) {
            long n = DirectLibC.sendto(fd, buffer, buffer.remaining(), 0, sockaddr, sockaddr == null ? 0 : sockaddr.length);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("sendto(fd " + fd + ", " + buffer.remaining() + " bytes)", e);
            }
        }
    }

    /**
     * recvfrom(2) into the buffer from its position; returns the datagram length (may exceed the space when
     * {@code flags} has MSG_TRUNC), or -1 with errno EAGAIN (non-blocking / timeout) reported as -1.
     */
    public static int recvfrom(int fd, ByteBuffer buffer, int flags, byte[] sockaddr) {
        int[] length = {sockaddr == null ? 0 : sockaddr.length};
        while (true) {
            long n = DirectLibC.recvfrom(fd, buffer, buffer.remaining(), flags, sockaddr, length);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e == Errno.EAGAIN) {
                return -1;
            }
            if (e != Errno.EINTR) {
                throw failure("recvfrom(fd " + fd + ")", e);
            }
        }
    }

    /** poll(2) for POLLIN on one fd; true when readable before the timeout. */
    public static boolean pollIn(int fd, int timeoutMillis) {
        byte[] pfd = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                .putInt(fd).putShort((short) POLLIN).putShort((short) 0).array();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            int n = DirectLibC.poll(pfd, 1, timeoutMillis);
            if (n >= 0) {
                return n > 0;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("poll(fd " + fd + ")", e);
            }
            timeoutMillis = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
        }
    }

    /** close(2); EINTR is not retried (Linux closes the fd anyway). */
    public static void close(int fd) {
        if (DirectLibC.close(fd) < 0) {
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("close(fd " + fd + ")", e);
            }
        }
    }

    /** open(2) read-only with O_CLOEXEC. */
    public static int openReadOnly(String path) {
        while (true) {
            int fd = DirectLibC.open(path, O_RDONLY | O_CLOEXEC, 0);
            if (fd >= 0) {
                return fd;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("open(\"" + path + "\")", e);
            }
        }
    }

    /**
     * Writes {@code data} to the file at {@code path} with open(O_WRONLY)/write/close (for /proc/sys: one write
     * call, which is what sysctl handlers expect). Fails on a short write.
     */
    public static void writeFile(String path, byte[] data) {
        int fd;
        while ((fd = DirectLibC.open(path, O_WRONLY | O_CLOEXEC, 0)) < 0) {
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("open(\"" + path + "\", O_WRONLY)", e);
            }
        }
        try {
            long n;
            while ((n = DirectLibC.write(fd, data, data.length)) < 0) {
                int e = errno();
                if (e != Errno.EINTR) {
                    throw failure("write(\"" + path + "\")", e);
                }
            }
            if (n != data.length) {
                throw failure("write(\"" + path + "\"): short write " + n + " of " + data.length, 0);
            }
        } finally {
            close(fd);
        }
    }

    /** open(2) read-write with O_CLOEXEC, e.g. the character device /dev/net/tun. */
    public static int openReadWrite(String path) {
        while (true) {
            int fd = DirectLibC.open(path, O_RDWR | O_CLOEXEC, 0);
            if (fd >= 0) {
                return fd;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("open(\"" + path + "\", O_RDWR)", e);
            }
        }
    }

    /** ioctl(2) with an argument the kernel reads and writes back, e.g. TUNSETIFF's struct ifreq. */
    public static void ioctlInOut(int fd, long request, ByteBuffer argument, String what) {
        int result = DirectLibC.ioctl(fd, request, argument);
        if (result < 0) {
            throw failed("ioctl(fd " + fd + ", " + what + ")");
        }
    }

    /** read(2) into {@code data}, retried on EINTR; the count read (one frame for a tun/tap fd). */
    public static int read(int fd, byte[] data) {
        while (true) {
            long n = DirectLibC.read(fd, data, data.length);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("read(fd " + fd + ")", e);
            }
        }
    }

    /** One write(2) of {@code length} bytes, retried on EINTR; the count written (a whole frame for tun/tap). */
    public static int write(int fd, byte[] data, int length) {
        while (true) {
            long n = DirectLibC.write(fd, data, length);
            if (n >= 0) {
                return (int) n;
            }
            int e = errno();
            if (e != Errno.EINTR) {
                throw failure("write(fd " + fd + ")", e);
            }
        }
    }

    /** setns(2): moves the calling thread into the namespace of {@code fd}. */
    public static void setns(int fd, int nstype) {
        int result = DirectLibC.setns(fd, nstype);
        if (result < 0) {
            throw failed("setns(fd " + fd + ", " + (nstype == CLONE_NEWNET ? "CLONE_NEWNET" : nstype) + ")");
        }
    }

    /** unshare(CLONE_NEWNET): moves the calling thread into a new, empty network namespace. */
    public static void unshareNetwork() {
        int result = DirectLibC.unshare(CLONE_NEWNET);
        if (result < 0) {
            throw failed("unshare(CLONE_NEWNET)");
        }
    }

    /** unshare(2) with arbitrary flags for the calling thread. */
    public static void unshare(int flags) {
        int result = DirectLibC.unshare(flags);
        if (result < 0) {
            throw failed("unshare(0x" + Integer.toHexString(flags) + ")");
        }
    }

    /** mount(2) with MS_BIND. */
    public static void bindMount(String source, String target) {
        int result = DirectLibC.mount(source, target, null, MS_BIND, null);
        if (result < 0) {
            throw failed("mount(\"" + source + "\" -> \"" + target + "\", MS_BIND)");
        }
    }

    /**
     * mount(2) with every argument; {@code source}, {@code fileSystemType} and {@code data} may be null (e.g. for a
     * propagation change: {@code mount(null, "/", null, MS_REC | MS_PRIVATE, null)}).
     */
    public static void mount(String source, String target, String fileSystemType, long flags, String data) {
        int result = DirectLibC.mount(source, target, fileSystemType, flags, data);
        if (result < 0) {
            throw failed("mount(" + (source == null ? "none" : "\"" + source + "\"") + " -> \"" + target + "\", "
                    + (fileSystemType == null ? "" : fileSystemType + ", ") + "flags 0x" + Long.toHexString(flags) + ")");
        }
    }

    /** chdir(2) of the calling thread (of every thread sharing its fs_struct, see {@link #CLONE_FS}). */
    public static void chdir(String path) {
        int result = DirectLibC.chdir(path);
        if (result < 0) {
            throw failed("chdir(\"" + path + "\")");
        }
    }

    /** umount2(2) with MNT_DETACH. */
    public static void detachMount(String target) {
        int result = DirectLibC.umount2(target, MNT_DETACH);
        if (result < 0) {
            throw failed("umount2(\"" + target + "\", MNT_DETACH)");
        }
    }

    /**
     * if_nametoindex(3): the index of a network interface in the <em>calling thread's</em> network namespace
     * (the name lookup is per namespace, so call it on a thread inside the namespace that owns the interface).
     */
    public static int ifNameToIndex(String name) {
        int index = DirectLibC.ifNameToIndex(name);
        if (index == 0) {
            throw failure("if_nametoindex(\"" + name + "\")", errno());
        }
        return index;
    }

    /**
     * ioctl(SIOCGSTAMPNS): the kernel receive time of the last packet read from {@code fd}, in nanoseconds since
     * the epoch. Needs {@link #SO_TIMESTAMPNS} set on the socket before the packet arrived, else ENOENT.
     */
    public static long lastPacketTimestampNanos(int fd) {
        byte[] timespec = new byte[16];
        int result = DirectLibC.ioctl(fd, SIOCGSTAMPNS, timespec);
        if (result < 0) {
            throw failed("ioctl(fd " + fd + ", SIOCGSTAMPNS)");
        }
        ByteBuffer b = ByteBuffer.wrap(timespec).order(ByteOrder.nativeOrder());
        return b.getLong(0) * 1_000_000_000L + b.getLong(8);
    }

    /**
     * ioctl(SIOCGSKNS): a new O_CLOEXEC fd for the network namespace of socket {@code fd} (Linux 4.9+), the same
     * as opening {@code /proc/thread-self/ns/net} on a thread in that namespace, without the /proc path walk.
     */
    public static int namespaceOfSocket(int fd) {
        int result = DirectLibC.ioctl(fd, SIOCGSKNS, new byte[8]);
        if (result < 0) {
            throw failed("ioctl(fd " + fd + ", SIOCGSKNS)");
        }
        return result;
    }

    /**
     * A new fd on the network namespace of the calling thread: from a throw-away AF_UNIX socket with
     * {@link #namespaceOfSocket} (three cheap syscalls), or by opening {@code /proc/thread-self/ns/net} (a /proc
     * walk several times slower) on kernels before 4.9.
     */
    public static int currentNetworkNamespace() {
        int socket;
        try {
            socket = socket(AddressFamily.UNIX, SOCK_DGRAM, 0);
        } catch (SyscallException e) {
            return openReadOnly("/proc/thread-self/ns/net");
        }
        try {
            return namespaceOfSocket(socket);
        } catch (SyscallException e) {
            return openReadOnly("/proc/thread-self/ns/net");
        } finally {
            close(socket);
        }
    }

    /**
     * The kernel thread id of the calling thread: gettid by its syscall number where {@link Syscalls} knows the
     * architecture (works with any glibc), else libc's gettid() (glibc 2.30+, musl 1.2.2+).
     */
    public static int gettid() {
        Syscalls.Table table = Syscalls.CURRENT;
        return table != null ? (int) DirectLibC.syscall(table.gettid()) : DirectLibC.gettid();
    }

    /** libc's own gettid() wrapper, for tests that compare it with the syscall by number. */
    static int libcGettid() {
        return DirectLibC.gettid();
    }

    /** The process id (thread-group id) of this JVM. */
    public static int getpid() {
        return DirectLibC.getpid();
    }

    /** A NUL-terminated C string of a Java string, for sockopts such as SO_BINDTODEVICE. */
    public static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
