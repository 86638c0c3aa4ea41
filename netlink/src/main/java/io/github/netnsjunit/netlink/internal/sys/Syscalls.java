package io.github.netnsjunit.netlink.internal.sys;

/**
 * The syscall numbers this library calls through {@code syscall(2)}, per architecture: unlike the socket, ioctl and
 * flag constants of {@link Native} (shared by every architecture that uses the asm-generic headers, x86-64 included),
 * syscall numbers differ. Only {@code gettid} is needed, for glibc before 2.30 (RHEL 8 has 2.28), which has no
 * {@code gettid()} wrapper; on an architecture not listed here the libc wrapper is used.
 */
final class Syscalls {
    /**
     * One architecture's syscall numbers.
     *
     * @param architecture the name in messages
     * @param gettid       {@code __NR_gettid}
     */
    record Table(String architecture, long gettid) {
    }

    /** x86-64: arch/x86/entry/syscalls/syscall_64.tbl ({@code 186 common gettid}); asm/unistd_64.h. */
    static final Table X86_64 = new Table("x86-64", 186);

    /**
     * The asm-generic table (include/uapi/asm-generic/unistd.h, {@code #define __NR_gettid 178}), which arm64,
     * riscv64 and loongarch64 use as their own.
     */
    static final Table GENERIC = new Table("asm-generic (arm64, riscv64, loongarch64)", 178);

    /** The table of the running JVM's architecture, or null when it is not one of the above. */
    static final Table CURRENT = forArch(System.getProperty("os.arch", ""));

    private Syscalls() {
    }

    /** The table for a value of the {@code os.arch} property ({@code amd64} on x86-64, {@code aarch64} on arm64). */
    static Table forArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64", "riscv64", "loongarch64" -> GENERIC;
            default -> null;
        };
    }
}
