package io.github.netnsjunit.netlink.capture;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.packet.PacketSocket;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the frames of a namespace's interfaces to a pcap file, like {@code tcpdump -w}, through an AF_PACKET
 * socket opened inside the namespace. Both directions are recorded.
 *
 * <p>Formats: one interface gives Ethernet frames as they are on the wire (link type 1, EN10MB); no interface
 * ("all of the namespace") or several give Linux cooked frames (link type 113, LINUX_SLL, what {@code tcpdump -i
 * any} writes) in one file, since their link layers may differ. Timestamps are the kernel's receive times (ns).
 *
 * <p>Capture is live when {@link #start} returns: the socket is bound, and frames queue in it from then on. One
 * platform thread, {@code netns-capture-<ns>-<interfaces>}, moves them to the file; {@link #close()} stops it,
 * writes what is still queued, and closes socket and file.
 */
public final class PacketCapture implements AutoCloseable {
    private static final int POLL_MILLIS = 20;
    private static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final int RECEIVE_BUFFER = 8 << 20;

    private final PacketSocket socket;
    private final PcapWriter writer;
    private final Path file;
    private final Thread reader;
    private final AtomicLong packets = new AtomicLong();
    private volatile boolean stopping;
    private volatile Throwable failure;
    private long drops;
    private boolean closed;

    private PacketCapture(PacketSocket socket, PcapWriter writer, Path file, String threadName) {
        this.socket = socket;
        this.writer = writer;
        this.file = file;
        this.reader = new Thread(this::readLoop, threadName);
        this.reader.setDaemon(true);
    }

    /**
     * Starts capturing on {@code interfaces} of {@code ns} (empty: every interface of it, present or future) into
     * {@code pcapFile}, which is created or truncated.
     */
    public static PacketCapture start(NamespaceHandle ns, List<String> interfaces, Path pcapFile) {
        Objects.requireNonNull(ns, "ns");
        List<String> names = List.copyOf(interfaces);
        // raw (link-layer header kept) for one interface; cooked (pseudo-header from the sockaddr_ll) otherwise
        PacketSocket socket = PacketSocket.open(ns, names.size() == 1 ? PacketSocket.Framing.RAW
                : PacketSocket.Framing.COOKED, names, s -> {
                    s.bufferSizes(RECEIVE_BUFFER, false);
                    s.setOption(Native.SOL_SOCKET, Native.SO_TIMESTAMPNS, 1);
                });
        PcapWriter writer = null;
        try {
            writer = new PcapWriter(Files.newOutputStream(pcapFile),
                    socket.framing() == PacketSocket.Framing.COOKED ? PcapWriter.LINKTYPE_LINUX_SLL : PcapWriter.LINKTYPE_ETHERNET);
            String what = names.isEmpty() ? "any" : String.join("+", names);
            PacketCapture capture = new PacketCapture(socket, writer, pcapFile, "netns-capture-" + ns.name() + "-" + what);
            // started from the caller's thread, not the namespace's: the socket is already bound to the namespace
            capture.reader.start();
            return capture;
        } catch (IOException | RuntimeException e) {
            socket.close();
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot write " + pcapFile, io);
            }
            throw (RuntimeException) e;
        }
    }

    private void readLoop() {
        byte[] frame = new byte[PcapWriter.SNAPLEN + 16];
        ByteBuffer rx = ByteBuffer.allocateDirect(PcapWriter.SNAPLEN);
        byte[] from = new byte[PacketSocket.SOCKADDR_LL_LENGTH];
        try {
            while (!stopping) {
                if (socket.await(POLL_MILLIS)) {
                    drain(rx, frame, from);
                }
            }
            drain(rx, frame, from); // what arrived before close() was called
            writer.flush();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Writes every queued frame. */
    private void drain(ByteBuffer rx, byte[] frame, byte[] from) throws IOException {
        while (true) {
            // a link down at bind, or taken down or deleted since, is skipped by receive: capture resumes by itself
            // when the link comes back up
            int length = socket.receive(rx, from, true);
            if (length < 0) {
                return;
            }
            long nanos = timestamp();
            // several interfaces share one socket bound to all: keep only theirs
            if (socket.interfaces().size() > 1 && !socket.interfaces().contains(PacketSocket.ifindexOf(from))) {
                continue;
            }
            int header = socket.framing() == PacketSocket.Framing.COOKED ? CookedHeader.write(frame, from) : 0;
            int captured = Math.min(length, rx.capacity());
            rx.get(frame, header, captured);
            writer.write(nanos, frame, 0, header + captured, header + length);
            packets.incrementAndGet();
        }
    }

    private long timestamp() {
        try {
            return socket.lastTimestampNanos();
        } catch (SyscallException noKernelStamp) {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
    }

    /** The pcap file. */
    public Path file() {
        return file;
    }

    /** Frames written so far (all of them once closed). */
    public long packetCount() {
        return packets.get();
    }

    /** Frames the kernel dropped because the socket queue was full; known after {@link #close()}. */
    public synchronized long drops() {
        return drops;
    }

    /** Like {@link #close()}, returning the number of frames written. */
    public long stop() {
        close();
        return packetCount();
    }

    /**
     * Stops the reader thread after it wrote every frame queued so far, then closes socket and file. Throws if
     * writing failed or the thread did not end.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        boolean interrupted = false;
        long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MILLIS;
        while (reader.isAlive() && System.currentTimeMillis() < deadline) {
            try {
                reader.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                interrupted = true; // finish closing first: the socket and file must not leak
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        RuntimeException error = null;
        if (reader.isAlive()) {
            error = new IllegalStateException(reader.getName() + " did not stop within " + STOP_TIMEOUT_MILLIS + " ms");
        } else {
            try {
                drops = socket.drops();
            } catch (RuntimeException e) {
                error = e;
            }
        }
        try {
            writer.close();
        } catch (IOException e) {
            error = chain(error, new UncheckedIOException("cannot write " + file, e));
        }
        if (!reader.isAlive()) {
            // never close an fd a live thread may still poll: the number could be reused by another socket
            socket.close();
        }
        if (failure != null) {
            error = chain(error, new IllegalStateException("capture to " + file + " failed", failure));
        }
        if (error != null) {
            throw error;
        }
    }

    private static RuntimeException chain(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return reader.getName() + " -> " + file + " (" + packetCount() + " packets)";
    }
}
