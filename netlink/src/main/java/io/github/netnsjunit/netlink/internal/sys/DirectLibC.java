package io.github.netnsjunit.netlink.internal.sys;

import com.kenai.jffi.ArrayFlags;
import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.HeapInvocationBuffer;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Internal: the libc functions {@link Native} calls, made through jffi (jnr-ffi's own native-call layer) directly.
 *
 * <p>Why not jnr-ffi's {@code LibraryLoader}: binding an interface through it costs a fresh JVM about 270 ms of CPU
 * (its provider and type tables, then one generated class per interface with ASM), most of the first topology's
 * start; the same calls made through jffi cost about 80 ms (FreshJvmBenchmark / benchmarks/README.md, "first
 * topology in a fresh JVM"). jffi is what jnr-ffi's generated code calls in the end: the same native stub, the same
 * heap-buffer marshalling of arrays, the same errno saved per thread, so a call costs what it did.
 *
 * <p>Each function is a symbol of the process's global scope (dlopen(NULL): the JVM's own libc) and a call context
 * (return and parameter types, errno saved); {@code int} is C {@code int}, {@code long} is C {@code long}, {@code
 * size_t}, {@code ssize_t} and pointers of the 64-bit Linux ABIs this library supports (see {@link Native}). Arrays
 * are copied in and/or out around the call, as jnr-ffi's {@code @In}/{@code @Out} did; direct buffers are passed by
 * address from their position. A netlink request or reply (a direct buffer, no socket address) takes jffi's numeric
 * path, with no argument buffer: as fast as jnr-ffi's generated call; calls with Java arrays take its heap-buffer
 * path, about 0.2 µs more per call than jnr-ffi's generated code (FreshJvmBenchmark's section in benchmarks/README.md).
 */
final class DirectLibC {
    private static final Library LIBC = Library.getDefault();
    private static final Invoker INVOKER = Invoker.getInstance();

    private static final Type I = Type.SINT;
    private static final Type L = Type.SLONG;
    private static final Type P = Type.POINTER;

    private static final Fn SOCKET = new Fn("socket", I, I, I, I);
    private static final Fn BIND = new Fn("bind", I, I, P, I);
    private static final Fn SETSOCKOPT = new Fn("setsockopt", I, I, I, I, P, I);
    private static final Fn GETSOCKOPT = new Fn("getsockopt", I, I, I, I, P, P);
    private static final Fn SENDTO = new Fn("sendto", L, I, P, L, I, P, I);
    private static final Fn RECVFROM = new Fn("recvfrom", L, I, P, L, I, P, P);
    private static final Fn CLOSE = new Fn("close", I, I);
    private static final Fn OPEN = new Fn("open", I, P, I, I);
    private static final Fn READ = new Fn("read", L, I, P, L);
    private static final Fn WRITE = new Fn("write", L, I, P, L);
    private static final Fn SETNS = new Fn("setns", I, I, I);
    private static final Fn UNSHARE = new Fn("unshare", I, I);
    private static final Fn POLL = new Fn("poll", I, P, L, I);
    private static final Fn MOUNT = new Fn("mount", I, P, P, P, L, P);
    private static final Fn UMOUNT2 = new Fn("umount2", I, P, I);
    private static final Fn CHDIR = new Fn("chdir", I, P);
    private static final Fn SYSCALL = new Fn("syscall", L, L);
    private static final Fn GETPID = new Fn("getpid", I);
    private static final Fn IOCTL = new Fn("ioctl", I, I, L, P);
    private static final Fn IF_NAMETOINDEX = new Fn("if_nametoindex", I, P);
    private static final Fn STRERROR = new Fn("strerror", P, I);

    /**
     * One libc function: its address, found when this class initialises (a missing symbol fails then, naming it),
     * and its call context.
     */
    private record Fn(String name, long address, CallContext context) {
        Fn(String name, Type returns, Type... parameters) {
            this(name, symbol(name), CallContext.getCallContext(returns, parameters, CallingConvention.DEFAULT, true));
        }

        HeapInvocationBuffer arguments() {
            return new HeapInvocationBuffer(context);
        }

        int callInt(HeapInvocationBuffer arguments) {
            return INVOKER.invokeInt(context, address, arguments);
        }

        long callLong(HeapInvocationBuffer arguments) {
            return INVOKER.invokeLong(context, address, arguments);
        }
    }

    private DirectLibC() {
    }

    private static long symbol(String name) {
        long address = LIBC.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("libc function " + name + " not found in the process: "
                    + Library.getLastError());
        }
        return address;
    }

    /** errno of this thread's last call made here. */
    static int errno() {
        return LastError.getInstance().get();
    }

    private static void in(HeapInvocationBuffer b, byte[] array) {
        if (array == null) {
            b.putAddress(0);
        } else {
            b.putArray(array, 0, array.length, ArrayFlags.IN);
        }
    }

    private static void out(HeapInvocationBuffer b, byte[] array) {
        if (array == null) {
            b.putAddress(0);
        } else {
            b.putArray(array, 0, array.length, ArrayFlags.OUT);
        }
    }

    private static void inOut(HeapInvocationBuffer b, byte[] array) {
        b.putArray(array, 0, array.length, ArrayFlags.IN | ArrayFlags.OUT);
    }

    private static void inOut(HeapInvocationBuffer b, int[] array) {
        b.putArray(array, 0, array.length, ArrayFlags.IN | ArrayFlags.OUT);
    }

    /** A C string (NUL-terminated UTF-8), or NULL for a null string. */
    private static void string(HeapInvocationBuffer b, String s) {
        in(b, s == null ? null : Native.cString(s));
    }

    /** The buffer's bytes from its position to its limit, by address (direct) or copied (heap) as {@code flags}. */
    private static void buffer(HeapInvocationBuffer b, ByteBuffer buffer, int flags) {
        if (buffer.isDirect()) {
            b.putDirectBuffer(buffer, buffer.position(), buffer.remaining());
        } else {
            b.putArray(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), flags);
        }
    }

    static int socket(int domain, int type, int protocol) {
        return INVOKER.invokeI3(SOCKET.context(), SOCKET.address(), domain, type, protocol);
    }

    static int bind(int fd, byte[] address, int addressLength) {
        HeapInvocationBuffer b = BIND.arguments();
        b.putInt(fd);
        in(b, address);
        b.putInt(addressLength);
        return BIND.callInt(b);
    }

    static int setsockopt(int fd, int level, int option, byte[] value, int valueLength) {
        HeapInvocationBuffer b = SETSOCKOPT.arguments();
        b.putInt(fd);
        b.putInt(level);
        b.putInt(option);
        in(b, value);
        b.putInt(valueLength);
        return SETSOCKOPT.callInt(b);
    }

    static int getsockopt(int fd, int level, int option, byte[] value, int[] valueLength) {
        HeapInvocationBuffer b = GETSOCKOPT.arguments();
        b.putInt(fd);
        b.putInt(level);
        b.putInt(option);
        out(b, value);
        inOut(b, valueLength);
        return GETSOCKOPT.callInt(b);
    }

    /** sendto(2) of {@code length} bytes from the buffer's position. */
    static long sendto(int fd, ByteBuffer buffer, long length, int flags, byte[] address, int addressLength) {
        if (address == null && buffer.isDirect()) { // every netlink request: numbers only, no argument buffer
            long n = INVOKER.invokeN6(SENDTO.context(), SENDTO.address(), fd, addressOf(buffer), length, flags, 0, 0);
            Reference.reachabilityFence(buffer);
            return n;
        }
        HeapInvocationBuffer b = SENDTO.arguments();
        b.putInt(fd);
        buffer(b, buffer, ArrayFlags.IN);
        b.putLong(length);
        b.putInt(flags);
        in(b, address);
        b.putInt(addressLength);
        return SENDTO.callLong(b);
    }

    /** recvfrom(2) of up to {@code length} bytes into the buffer from its position (the buffer's position stays). */
    static long recvfrom(int fd, ByteBuffer buffer, long length, int flags, byte[] address, int[] addressLength) {
        if (address == null && buffer.isDirect()) { // every netlink reply: no source address asked for (NULL, NULL)
            long n = INVOKER.invokeN6(RECVFROM.context(), RECVFROM.address(), fd, addressOf(buffer), length, flags, 0,
                    0);
            Reference.reachabilityFence(buffer);
            return n;
        }
        HeapInvocationBuffer b = RECVFROM.arguments();
        b.putInt(fd);
        buffer(b, buffer, ArrayFlags.OUT);
        b.putLong(length);
        b.putInt(flags);
        out(b, address);
        inOut(b, addressLength);
        return RECVFROM.callLong(b);
    }

    /** The native address of a direct buffer's position; the caller keeps the buffer reachable during the call. */
    private static long addressOf(ByteBuffer direct) {
        return MemoryIO.getInstance().getDirectBufferAddress(direct) + direct.position();
    }

    static int close(int fd) {
        return INVOKER.invokeI1(CLOSE.context(), CLOSE.address(), fd);
    }

    static int open(String path, int flags, int mode) {
        HeapInvocationBuffer b = OPEN.arguments();
        string(b, path);
        b.putInt(flags);
        b.putInt(mode);
        return OPEN.callInt(b);
    }

    static long read(int fd, byte[] data, long length) {
        HeapInvocationBuffer b = READ.arguments();
        b.putInt(fd);
        out(b, data);
        b.putLong(length);
        return READ.callLong(b);
    }

    static long write(int fd, byte[] data, long length) {
        HeapInvocationBuffer b = WRITE.arguments();
        b.putInt(fd);
        in(b, data);
        b.putLong(length);
        return WRITE.callLong(b);
    }

    static int setns(int fd, int nstype) {
        return INVOKER.invokeI2(SETNS.context(), SETNS.address(), fd, nstype);
    }

    static int unshare(int flags) {
        return INVOKER.invokeI1(UNSHARE.context(), UNSHARE.address(), flags);
    }

    static int poll(byte[] pollfds, long count, int timeoutMillis) {
        HeapInvocationBuffer b = POLL.arguments();
        inOut(b, pollfds);
        b.putLong(count);
        b.putInt(timeoutMillis);
        return POLL.callInt(b);
    }

    static int mount(String source, String target, String fileSystemType, long flags, String data) {
        HeapInvocationBuffer b = MOUNT.arguments();
        string(b, source);
        string(b, target);
        string(b, fileSystemType);
        b.putLong(flags);
        string(b, data);
        return MOUNT.callInt(b);
    }

    static int umount2(String target, int flags) {
        HeapInvocationBuffer b = UMOUNT2.arguments();
        string(b, target);
        b.putInt(flags);
        return UMOUNT2.callInt(b);
    }

    static int chdir(String path) {
        HeapInvocationBuffer b = CHDIR.arguments();
        string(b, path);
        return CHDIR.callInt(b);
    }

    static long syscall(long number) {
        return INVOKER.invokeL1(SYSCALL.context(), SYSCALL.address(), number);
    }

    static int getpid() {
        return INVOKER.invokeI0(GETPID.context(), GETPID.address());
    }

    /** libc's gettid() (glibc 2.30+, musl 1.2.2+), looked up on first use: older libcs lack the symbol. */
    static int gettid() {
        return INVOKER.invokeI0(Gettid.FN.context(), Gettid.FN.address());
    }

    private static final class Gettid {
        static final Fn FN = new Fn("gettid", I);
    }

    /** ioctl(2) with an argument the kernel reads and/or writes back. */
    static int ioctl(int fd, long request, byte[] argument) {
        HeapInvocationBuffer b = IOCTL.arguments();
        b.putInt(fd);
        b.putLong(request);
        inOut(b, argument);
        return IOCTL.callInt(b);
    }

    /** ioctl(2) with a buffer argument from its position, read and written back by the kernel. */
    static int ioctl(int fd, long request, ByteBuffer argument) {
        HeapInvocationBuffer b = IOCTL.arguments();
        b.putInt(fd);
        b.putLong(request);
        buffer(b, argument, ArrayFlags.IN | ArrayFlags.OUT);
        return IOCTL.callInt(b);
    }

    static int ifNameToIndex(String name) {
        HeapInvocationBuffer b = IF_NAMETOINDEX.arguments();
        string(b, name);
        return IF_NAMETOINDEX.callInt(b);
    }

    static String strerror(int errno) {
        HeapInvocationBuffer b = STRERROR.arguments();
        b.putInt(errno);
        long text = STRERROR.callLong(b);
        return text == 0 ? "errno " + errno
                : new String(MemoryIO.getInstance().getZeroTerminatedByteArray(text), StandardCharsets.UTF_8);
    }
}
