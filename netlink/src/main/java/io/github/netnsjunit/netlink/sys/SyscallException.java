package io.github.netnsjunit.netlink.sys;

/**
 * A system call returned -1. The message names the call, what it was applied to, and the errno name, e.g.
 * {@code setns(fd 12, CLONE_NEWNET): EPERM (Operation not permitted)}.
 */
public class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * Creates the exception for {@code call} (its text, with arguments) failing with {@code errno}, whose
     * {@code strerror(3)} text is {@code description} (the thrower reads it from libc: this package is the part of
     * the syscall layer that callers see, and calls nothing).
     */
    public SyscallException(String call, int errno, String description) {
        super(call + ": " + Errno.name(errno) + " (" + description + ")");
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
