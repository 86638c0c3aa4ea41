package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A tun or tap link and the file descriptor that is its other side: what the kernel sends out of the link is read
 * here, and what is written here arrives on the link, as if from a wire. A userspace network stack (a VPN client,
 * an SDN agent, a test that answers pings from Java) works on this descriptor.
 *
 * <p>Made like {@code ip tuntap add NAME mode tap} but not persistent: {@code open("/dev/net/tun")} then
 * {@code ioctl(TUNSETIFF)} with {@code IFF_TAP | IFF_NO_PI} (frames without the 4-byte packet-info header). The
 * link is created in the network namespace of the thread that opens the device ({@code tun_chr_open} takes the
 * opener's namespace), and vanishes when the descriptor is closed. Not thread-safe for concurrent reads; one reader
 * and one writer thread are fine (the kernel serialises each direction).
 */
public final class TunTapDevice implements AutoCloseable {
    /** linux/if_tun.h: {@code _IOW('T', 202, int)}. */
    private static final long TUNSETIFF = 0x400454caL;
    private static final int IFF_TUN = 0x0001;
    private static final int IFF_TAP = 0x0002;
    private static final int IFF_NO_PI = 0x1000;
    /** struct ifreq: a 16-byte name, then the union whose first member is the short flags. */
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;

    /** Which layer the descriptor carries. */
    public enum Mode {
        /** IP packets (layer 3), no Ethernet header. */
        TUN(IFF_TUN),
        /** Ethernet frames (layer 2). */
        TAP(IFF_TAP);

        private final int flag;

        Mode(int flag) {
            this.flag = flag;
        }
    }

    private final String name;
    private final Mode mode;
    private final int fd;
    private boolean closed;

    private TunTapDevice(String name, Mode mode, int fd) {
        this.name = name;
        this.mode = mode;
        this.fd = fd;
    }

    /** Creates the link {@code name} in the namespace {@code ns} (by opening the device on its thread). */
    public static TunTapDevice open(NamespaceHandle ns, Mode mode, String name) {
        return ns.callUnchecked(() -> open(mode, name));
    }

    /** Creates the link {@code name} in the calling thread's network namespace. */
    public static TunTapDevice open(Mode mode, String name) {
        Objects.requireNonNull(mode, "mode");
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("a link name has 1 to 15 bytes, got \"" + name + "\"");
        }
        int fd = Native.openReadWrite("/dev/net/tun");
        try {
            ByteBuffer ifreq = ByteBuffer.allocate(IFREQ_SIZE).order(ByteOrder.nativeOrder());
            ifreq.put(nameBytes);
            ifreq.putShort(IFNAMSIZ, (short) (mode.flag | IFF_NO_PI));
            ifreq.rewind();
            Native.ioctlInOut(fd, TUNSETIFF, ifreq, "TUNSETIFF " + name + " " + mode.name().toLowerCase(Locale.ROOT));
            return new TunTapDevice(name, mode, fd);
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** The link's name. */
    public String name() {
        return name;
    }

    /** Tun or tap. */
    public Mode mode() {
        return mode;
    }

    /**
     * The next frame (tap) or packet (tun) the kernel sent out of the link, waiting up to {@code timeout}; empty if
     * none came. Reads with a poll first, so that a test never hangs in {@code read(2)}.
     */
    public Optional<byte[]> read(Duration timeout) {
        ensureOpen();
        if (!Native.pollIn(fd, (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis())))) {
            return Optional.empty();
        }
        byte[] buffer = new byte[65536];
        int n = Native.read(fd, buffer);
        return Optional.of(Arrays.copyOf(buffer, n));
    }

    /** Hands one frame (tap) or packet (tun) to the kernel, as if it arrived on the link. */
    public void write(byte[] frame) {
        ensureOpen();
        int n = Native.write(fd, frame, frame.length);
        if (n != frame.length) {
            throw new IllegalStateException("short write to " + name + ": " + n + " of " + frame.length + " bytes");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(mode.name().toLowerCase(Locale.ROOT) + " " + name + " is closed");
        }
    }

    /** Closes the descriptor, which deletes the link; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.close(fd);
        }
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + " " + name + " (fd " + fd + ")";
    }
}
