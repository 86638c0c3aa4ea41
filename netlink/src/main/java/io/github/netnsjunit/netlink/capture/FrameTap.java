package io.github.netnsjunit.netlink.capture;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.packet.PacketSocket;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A short in-memory capture of every interface of a namespace, both directions, for a packet-path trace: one
 * AF_PACKET socket (SOCK_RAW, so frames keep their Ethernet header; bound to ETH_P_ALL on every interface)
 * whose queue holds the frames until {@link #drain()} reads them. No thread: the kernel queues the frames while
 * the probe runs (8 MiB of buffer, far more than a probe produces), and the caller reads them once afterwards.
 * Each frame carries the index of the interface it was seen on and its direction, which a pcap file of
 * {@code tcpdump -i any} would lose; {@link #writePcap} writes one interface's frames as {@code tcpdump -i IF -w}
 * would (Ethernet link type).
 */
public final class FrameTap implements AutoCloseable {
    private static final int MAX_FRAMES = 10_000;
    private static final int RECEIVE_BUFFER = 8 << 20;
    /** Ethernet, IPv6 and a TCP header with every option (14 + 40 + 60), kept of a frame the kernel cannot copy. */
    private static final int HEADER_BYTES = 128;

    /**
     * One frame as the kernel handed it to the socket.
     *
     * @param ifindex    the interface it was seen on
     * @param packetType {@code sll_pkttype}: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 outgoing
     * @param nanos      kernel receive time, ns since the epoch
     * @param data       the frame from its Ethernet header on (at most {@link PcapWriter#SNAPLEN} bytes; its first 128
     *                   only, or none, when the kernel could not copy the rest: see
     *                   {@link PacketSocket#receiveKeepingHeaders})
     * @param length     its length on the wire
     */
    public record Frame(int ifindex, int packetType, long nanos, byte[] data, int length) {
        /** True for a frame the namespace sent out of the interface. */
        public boolean outgoing() {
            return packetType == PacketSocket.PACKET_OUTGOING;
        }
    }

    private final PacketSocket socket;
    private final String namespace;
    private final long openedAt;
    /** CLOCK_REALTIME minus CLOCK_MONOTONIC (System.nanoTime() reads the latter on Linux). */
    private final long monotonicToRealtime;
    private long last;

    private FrameTap(PacketSocket socket, String namespace) {
        this.socket = socket;
        this.namespace = namespace;
        this.openedAt = now();
        this.monotonicToRealtime = openedAt - System.nanoTime();
        this.last = openedAt;
    }

    private static long now() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Starts queueing every frame of every interface of {@code ns} (present or future). */
    public static FrameTap open(NamespaceHandle ns) {
        Objects.requireNonNull(ns, "ns");
        // No SO_TIMESTAMPNS here: with it the kernel hands stamps out only as control messages and never updates
        // sk_stamp, so ioctl(SIOCGSTAMPNS) fails with ENOENT (net/core/sock.c, sock_gettstamp). A first SIOCGSTAMPNS
        // enables SOCK_TIMESTAMP instead, and every later recvfrom(2) records its stamp.
        PacketSocket socket = PacketSocket.open(ns, PacketSocket.Framing.RAW, List.of(), s -> {
            s.bufferSizes(RECEIVE_BUFFER, false);
            try {
                s.lastTimestampNanos();
            } catch (SyscallException firstCallHasNoStampYet) {
                // ENOENT, as expected
            }
        });
        return new FrameTap(socket, ns.name());
    }

    /** The namespace captured. */
    public String namespace() {
        return namespace;
    }

    /** Reads every frame queued so far, without waiting. */
    public List<Frame> drain() {
        List<Frame> frames = new ArrayList<>();
        ByteBuffer rx = ByteBuffer.allocateDirect(PcapWriter.SNAPLEN);
        byte[] from = new byte[PacketSocket.SOCKADDR_LL_LENGTH];
        while (frames.size() < MAX_FRAMES) {
            int length = socket.receiveKeepingHeaders(rx, from, HEADER_BYTES);
            if (length < 0) {
                break;
            }
            long nanos;
            try {
                nanos = socket.lastTimestampNanos();
            } catch (SyscallException noStamp) {
                nanos = -1;
            }
            // A TCP segment carries the stack's departure time in skb->tstamp, on CLOCK_MONOTONIC (EDT,
            // net/ipv4/tcp_output.c), which AF_PACKET hands out as if it were a wall-clock stamp, and a veth passes
            // the skb on with it. Such a stamp is converted to wall-clock time; one that still makes no sense gets
            // the time of the frame before it in this queue, whose order is right.
            long bound = now() + 1_000_000;
            if (nanos < openedAt - 5_000_000_000L || nanos > bound) {
                long converted = nanos + monotonicToRealtime;
                nanos = converted >= openedAt - 5_000_000_000L && converted <= bound ? converted : last;
            }
            last = nanos;
            byte[] data = new byte[rx.remaining()];
            rx.get(data);
            frames.add(new Frame(PacketSocket.ifindexOf(from), PacketSocket.packetTypeOf(from), nanos, data, length));
        }
        return frames;
    }

    /** Writes {@code frames} (of one Ethernet-like interface) to a new pcap file, as {@code tcpdump -w} would. */
    public static void writePcap(Path file, List<Frame> frames) {
        try (PcapWriter w = new PcapWriter(Files.newOutputStream(file), PcapWriter.LINKTYPE_ETHERNET)) {
            for (Frame f : frames) {
                w.write(f.nanos(), f.data(), 0, f.data().length, f.length());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Closes the socket; the kernel discards what is still queued. */
    @Override
    public void close() {
        socket.close();
    }
}
