package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.sys.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Internal: signals to processes a test started, through jnr-posix's {@code kill(2)}: {@code ProcessHandle} sends only
 * SIGTERM and SIGKILL, and a nemesis also pauses (SIGSTOP) and resumes (SIGCONT). A stopped process ignores SIGTERM
 * until it is continued (signal(7): only SIGKILL and SIGCONT act on a stopped process), so teardown continues it
 * first.
 */
public final class Signals {
    // include/uapi/asm-generic/signal.h, the numbers of x86, arm, arm64, riscv, s390 and powerpc alike (only alpha,
    // mips, parisc and sparc differ, where this library is not built for)
    private static final int SIGKILL = 9;
    private static final int SIGCONT = 18;
    private static final int SIGSTOP = 19;

    private Signals() {
    }

    /** Holder: jnr-posix loads libc through jnr-ffi on first use only. */
    private static final class Posix {
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    }

    /** SIGSTOP: the process stops where it is (state {@code T} in {@code /proc/PID/stat}). */
    public static void stop(long pid) {
        send(pid, SIGSTOP, "SIGSTOP");
    }

    /** SIGCONT: a stopped process carries on. */
    public static void resume(long pid) {
        send(pid, SIGCONT, "SIGCONT");
    }

    /** SIGKILL. */
    public static void kill(long pid) {
        send(pid, SIGKILL, "SIGKILL");
    }

    /**
     * The process's state letter from {@code /proc/PID/stat} (the field after the parenthesised command, proc(5)):
     * {@code T} stopped, {@code S} sleeping, {@code R} running, {@code Z} zombie; {@code '?'} when it is gone.
     */
    public static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() ? '?' : stat.charAt(end + 2);
        } catch (IOException e) {
            return '?';
        }
    }

    private static void send(long pid, int signal, String name) {
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a process of ours: pid " + pid);
        }
        int rc = Posix.POSIX.kill((int) pid, signal);
        if (rc != 0) {
            int errno = Posix.POSIX.errno();
            throw new IllegalStateException("kill(" + pid + ", " + name + ") failed: "
                    + Errno.name(errno));
        }
    }
}
