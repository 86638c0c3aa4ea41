package io.github.netnsjunit.netlink.sys;

/**
 * A system call returned -1. The message names the call, what it was applied to, and the errno name, e.g.
 * {@code setns(fd 12, CLONE_NEWNET): EPERM (Operation not permitted)}.
 */
public class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /** Creates the exception for {@code call} (its text, with arguments) failing with {@code errno}. */
    public SyscallException(String call, int errno) {
        super(call + ": " + Errno.name(errno) + " (" + Native.strerror(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call, with the arguments that identify what it was applied to. */
    public String call() {
        return call;
    }

    /** The positive errno value. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code EPERM}. */
    public String errnoName() {
        return Errno.name(errno);
    }
}
