package io.github.netnsjunit.netlink.ns;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes {@code /proc/sys} entries. A /proc/sys/net file binds to the network namespace of the thread
 * that opens it, so these methods must run on a thread inside the target namespace (see {@link NamespaceHandle#sysctl}).
 */
public final class Sysctls {
    private Sysctls() {
    }

    /**
     * The file of a key: {@code net.ipv4.ip_forward} becomes {@code /proc/sys/net/ipv4/ip_forward}. A key that
     * contains '/' is taken as a path below /proc/sys as is (for interface names that contain dots).
     */
    public static Path path(String key) {
        String relative = key.indexOf('/') >= 0 ? key : key.replace('.', '/');
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        if (relative.contains("..")) {
            throw new IllegalArgumentException("sysctl key \"" + key + "\" must not contain \"..\"");
        }
        return Path.of("/proc/sys", relative);
    }

    /**
     * Reads a value on the calling thread, without the trailing newline. The file is read with one large read:
     * many sysctl handlers return end-of-file for any read at a non-zero offset.
     */
    public static String read(String key) {
        try (FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            ch.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("unknown sysctl \"" + key + "\": " + path(key) + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sysctl " + key, e);
        }
    }

    /** Writes a value on the calling thread. */
    public static void write(String key, String value) {
        // open/write/close directly: Files.writeString costs as much again as the kernel's work here
        try {
            Native.writeFile(path(key).toString(), (value + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (SyscallException e) {
            if (e.errno() == Errno.ENOENT) {
                throw new IllegalArgumentException("unknown sysctl \"" + key + "\": " + path(key) + " does not exist", e);
            }
            throw new UncheckedIOException("cannot write sysctl " + key + "=" + value + ": " + e.errnoName() + " ("
                    + Native.strerror(e.errno()) + ")", new IOException(e));
        }
    }
}
