package io.github.netnsjunit.netlink.internal.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The libc calls made through jffi directly ({@link DirectLibC}) that no other test reaches with an oracle of its own:
 * strings in, arrays out, errno and strerror, each checked against the kernel or a tool that does not use this code.
 */
class DirectLibCIT {

    /** if_nametoindex (a C string in) against {@code ip -j link show lo} run in the same, new network namespace. */
    @Test
    void interfaceIndexOfLoopbackInANewNamespaceMatchesIp() throws Exception {
        int[] fromLibc = new int[1];
        String[] fromIp = new String[1];
        Thread t = new Thread(() -> {
            Native.unshareNetwork(); // this thread only: the namespace ends with it
            fromLibc[0] = Native.ifNameToIndex("lo");
            try {
                fromIp[0] = run("nsenter", "--net=/proc/" + Native.getpid() + "/task/" + Native.gettid() + "/ns/net",
                        "ip", "-j", "link", "show", "lo");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        t.join();
        Matcher m = Pattern.compile("\"ifindex\":(\\d+)").matcher(fromIp[0]);
        assertThat(m.find()).as("ip output %s", fromIp[0]).isTrue();
        assertThat(fromLibc[0]).isEqualTo(Integer.parseInt(m.group(1)));
    }

    /** An unknown name: errno ENODEV, named in the exception. */
    @Test
    void unknownInterfaceFailsWithItsErrno() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            Native.unshareNetwork();
            try {
                Native.ifNameToIndex("nosuchlink0");
                failure.complete(null);
            } catch (Throwable e) {
                failure.complete(e);
            }
        });
        t.start();
        t.join();
        assertThat(failure.get()).isInstanceOf(SyscallException.class)
                .hasMessageContaining("if_nametoindex(\"nosuchlink0\")");
        assertThat(((SyscallException) failure.get()).errno()).isEqualTo(Errno.ENODEV);
    }

    /** open(2) of a missing path: errno ENOENT and strerror's text, the same text Python's os.strerror prints. */
    @Test
    void failedOpenCarriesErrnoAndStrerror() throws Exception {
        String expected = run("python3", "-c", "import os; print(os.strerror(2))").strip();
        assertThatThrownBy(() -> Native.openReadOnly("/nonexistent/netns-junit-direct-libc"))
                .isInstanceOf(SyscallException.class)
                .satisfies(e -> assertThat(((SyscallException) e).errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining(expected);
        assertThat(Native.strerror(Errno.ENOENT)).isEqualTo(expected);
    }

    /**
     * setsockopt (array in) then getsockopt (array and length out): the kernel doubles SO_RCVBUF (socket(7)) and
     * reports an int's length.
     */
    @Test
    void socketOptionRoundTripThroughArrays() {
        int fd = Native.socket(AddressFamily.UNIX, Native.SOCK_DGRAM, 0);
        try {
            Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, 8192);
            byte[] value = new byte[8];
            int length = Native.getsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, value);
            assertThat(length).isEqualTo(4);
            assertThat(ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt()).isEqualTo(16384);
        } finally {
            Native.close(fd);
        }
    }

    /** write(2) of a byte array and open of a path, read back by Java's own file reading. */
    @Test
    void writeFileIsWhatJavaReadsBack() throws Exception {
        Path file = Files.createTempFile("direct-libc", ".txt");
        try {
            Native.writeFile(file.toString(), "written through jffi\n".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(file)).isEqualTo("written through jffi\n");
        } finally {
            Files.delete(file);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out;
    }
}
