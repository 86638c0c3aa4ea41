package io.github.netnsjunit.netlink.libc;

import java.nio.ByteBuffer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Pinned;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Not API: the libc functions this library binds with jnr-ffi, declared for jnr-ffi alone. Use the library's own
 * types ({@code ns}, {@code route}, {@code socket}, ...); nothing here checks a result, retries {@code EINTR} or
 * names an errno (the library's non-exported syscall layer does, and throws {@link
 * io.github.netnsjunit.netlink.sys.SyscallException}).
 *
 * <p>Why it is exported all the same: jnr-ffi generates the implementation of this interface at run time and
 * defines it in an unnamed module of its own class loader. A class there may implement only an interface that is
 * exported to everyone: a qualified export ({@code exports ... to org.jnrproject.ffi}) or an {@code opens} does not
 * reach an unnamed module, and the first call then fails with {@code IllegalAccessError: superinterface check
 * failed} (tried; see the module descriptor). So this interface has a tiny package of its own, and the rest of the
 * syscall layer stays unexported.
 */
public interface LibC {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] address, int addressLength);

    @SaveError
    int setsockopt(int fd, int level, int option, @In byte[] value, int valueLength);

    @SaveError
    @ssize_t
    long sendto(int fd, @In ByteBuffer buffer, @size_t long length, int flags, @In byte[] address, int addressLength);

    @SaveError
    @ssize_t
    long recvfrom(int fd, @Pinned @Out ByteBuffer buffer, @size_t long length, int flags, @Out byte[] address,
            @In @Out int[] addressLength);

    @SaveError
    int close(int fd);

    @SaveError
    int open(String path, int flags, int mode);

    @SaveError
    @ssize_t
    long write(int fd, @In byte[] data, @size_t long length);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int unshare(int flags);

    @SaveError
    int poll(@In @Out byte[] pollfds, long count, int timeoutMillis);

    @SaveError
    int mount(String source, String target, String fstype, long flags, String data);

    @SaveError
    long syscall(long number);

    int getpid();

    @SaveError
    int ioctl(int fd, long request, @Out byte[] argument);

    /**
     * The libc functions that building a topology and its first probe do not call (tun devices, interface names,
     * errno texts, leaving a view, ...): a binding of its own, generated on first use, since jnr-ffi generates every
     * function of an interface when it loads it (a few milliseconds of a fresh JVM's first test per function).
     */
    interface Occasional {
        @SaveError
        int getsockopt(int fd, int level, int option, @Out byte[] value, @In @Out int[] valueLength);

        @SaveError
        int umount2(String target, int flags);

        @SaveError
        int chdir(String path);

        /** glibc 2.30+ only; jnr-ffi binds a missing symbol to a stub that throws when called. */
        int gettid();

        @SaveError
        int if_nametoindex(String name);

        /** An ioctl whose argument is read and written by the kernel (struct ifreq of TUNSETIFF). */
        @SaveError
        int ioctl(int fd, long request, @In @Out ByteBuffer argument);

        @SaveError
        @ssize_t
        long read(int fd, @Out byte[] data, @size_t long length);

        String strerror(int errno);
    }
}
