package io.github.netnsjunit.netlink.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The syscall numbers and ABI constants of {@link Native}, per architecture, as the kernel defines them. The numbers
 * are asserted as written in the kernel's tables (so this runs anywhere); where the machine has the kernel's uapi
 * headers (linux-libc-dev), they are also read from there, an oracle independent of this code.
 */
class ArchitectureConstantsTest {
    private static final Path INCLUDE = Path.of("/usr/include");

    @Test
    void gettidNumbersOfTheKernelTables() {
        // arch/x86/entry/syscalls/syscall_64.tbl: "186 common gettid sys_gettid"
        assertThat(Syscalls.X86_64.gettid()).isEqualTo(186);
        // include/uapi/asm-generic/unistd.h: "#define __NR_gettid 178" (arm64 uses that table)
        assertThat(Syscalls.GENERIC.gettid()).isEqualTo(178);
    }

    @Test
    void tableChosenByOsArch() {
        assertThat(Syscalls.forArch("amd64")).isSameAs(Syscalls.X86_64); // what JDKs report on x86-64
        assertThat(Syscalls.forArch("x86_64")).isSameAs(Syscalls.X86_64);
        assertThat(Syscalls.forArch("aarch64")).isSameAs(Syscalls.GENERIC); // what JDKs report on arm64
        assertThat(Syscalls.forArch("riscv64")).isSameAs(Syscalls.GENERIC);
        assertThat(Syscalls.forArch("ppc64le")).isNull(); // libc's gettid() then
        assertThat(Syscalls.CURRENT).isSameAs(Syscalls.forArch(System.getProperty("os.arch")));
    }

    @Test
    void gettidOfTheArm64TableMatchesTheInstalledHeader() throws IOException {
        assertThat(define(INCLUDE.resolve("asm-generic/unistd.h"), "__NR_gettid")).isEqualTo(Syscalls.GENERIC.gettid());
    }

    @Test
    void gettidOfTheX8664TableMatchesTheInstalledHeader() throws IOException {
        Path header = List.of(INCLUDE.resolve("x86_64-linux-gnu/asm/unistd_64.h"), INCLUDE.resolve("asm/unistd_64.h"))
                .stream().filter(Files::isRegularFile).findFirst().orElse(INCLUDE.resolve("asm/unistd_64.h"));
        assertThat(define(header, "__NR_gettid")).isEqualTo(Syscalls.X86_64.gettid());
    }

    /** Asm-generic socket and ioctl numbers: x86-64 and arm64 both include these headers unchanged. */
    @Test
    void socketConstantsMatchTheAsmGenericHeaders() throws IOException {
        Path socket = INCLUDE.resolve("asm-generic/socket.h");
        assertThat(define(socket, "SOL_SOCKET")).isEqualTo(Native.SOL_SOCKET);
        assertThat(define(socket, "SO_SNDBUF")).isEqualTo(Native.SO_SNDBUF);
        assertThat(define(socket, "SO_RCVBUF")).isEqualTo(Native.SO_RCVBUF);
        assertThat(define(socket, "SO_RCVBUFFORCE")).isEqualTo(Native.SO_RCVBUFFORCE);
        assertThat(define(socket, "SO_BINDTODEVICE")).isEqualTo(Native.SO_BINDTODEVICE);
        // the _OLD names are the ones whose layout (64-bit time_t on 64-bit architectures) we read
        assertThat(define(socket, "SO_RCVTIMEO_OLD")).isEqualTo(Native.SO_RCVTIMEO);
        assertThat(define(socket, "SO_TIMESTAMPNS_OLD")).isEqualTo(Native.SO_TIMESTAMPNS);
        assertThat(define(INCLUDE.resolve("asm-generic/sockios.h"), "SIOCGSTAMPNS_OLD")).isEqualTo(Native.SIOCGSTAMPNS);
        assertThat(define(INCLUDE.resolve("linux/sockios.h"), "SIOCGSKNS")).isEqualTo(Native.SIOCGSKNS);
    }

    @Test
    void fileAndNamespaceConstantsMatchTheUapiHeaders() throws IOException {
        Path fcntl = INCLUDE.resolve("asm-generic/fcntl.h");
        assertThat(define(fcntl, "O_WRONLY")).isEqualTo(Native.O_WRONLY);
        assertThat(define(fcntl, "O_CLOEXEC")).isEqualTo(Native.O_CLOEXEC).isEqualTo(Native.SOCK_CLOEXEC);
        Path sched = INCLUDE.resolve("linux/sched.h");
        assertThat(define(sched, "CLONE_NEWNET")).isEqualTo(Native.CLONE_NEWNET);
        assertThat(define(sched, "CLONE_FS")).isEqualTo(Native.CLONE_FS);
        assertThat(define(INCLUDE.resolve("linux/mount.h"), "MS_BIND")).isEqualTo(Native.MS_BIND);
        assertThat(define(INCLUDE.resolve("asm-generic/poll.h"), "POLLIN")).isEqualTo(Native.POLLIN);
    }

    /** On this machine: the syscall by number, libc's wrapper and the kernel's /proc/thread-self agree. */
    @Test
    void gettidIsTheCallingThreadsKernelId() throws Exception {
        for (int i = 0; i < 3; i++) {
            int[] ids = CompletableFuture.supplyAsync(() -> {
                try {
                    String self = Path.of("/proc/thread-self").toRealPath().getFileName().toString();
                    return new int[] {Native.gettid(), Native.libcGettid(), Integer.parseInt(self)};
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, r -> new Thread(r, "gettid-probe").start()).get();
            assertThat(ids[0]).isEqualTo(ids[2]).isEqualTo(ids[1]).isNotEqualTo((int) ProcessHandle.current().pid());
        }
    }

    /** The value of {@code #define NAME VALUE} in a header (decimal, hex or octal); skips when it is not installed. */
    private static long define(Path header, String name) throws IOException {
        assumeTrue(Files.isRegularFile(header), header + " is not installed (package linux-libc-dev)");
        Matcher m = Pattern.compile("(?m)^#define\\s+" + Pattern.quote(name) + "\\s+(0[xX][0-9a-fA-F]+|[0-9]+)\\b")
                .matcher(Files.readString(header));
        assertThat(m.find()).as("#define %s in %s", name, header).isTrue();
        String value = m.group(1);
        if (value.startsWith("0x") || value.startsWith("0X")) {
            return Long.parseLong(value.substring(2), 16);
        }
        return value.length() > 1 && value.startsWith("0") ? Long.parseLong(value.substring(1), 8) : Long.parseLong(value);
    }
}
