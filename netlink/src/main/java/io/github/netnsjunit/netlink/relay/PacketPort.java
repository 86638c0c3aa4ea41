package io.github.netnsjunit.netlink.relay;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.packet.PacketSocket;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One end of the relay: the library's AF_PACKET socket ({@link PacketSocket}), raw, bound to one interface of the
 * middle namespace, with a virtio-net header in front of every frame ({@code PACKET_VNET_HDR}).
 *
 * <p>Why the header: veth passes its sender's offloads through. A TCP sender in a test namespace hands the veth
 * 64 KiB segments with a partial checksum ({@code CHECKSUM_PARTIAL}, TSO/GSO), and a plain packet socket would read
 * them as one oversized frame with an unfinished checksum, which cannot be sent on as it is (EMSGSIZE, or a bad
 * checksum at the receiver). With the header the kernel tells us how to finish the frame (GSO type and size, where
 * the checksum goes), and when we send the frame with the same header on the other side it finishes it the same
 * way: segments and checksums stay valid, and large segments keep the relay fast. {@code PACKET_IGNORE_OUTGOING}
 * (kernel 4.20+) keeps frames we send out of the other direction's socket.
 */
final class PacketPort implements AutoCloseable {
    private static final int BUFFER = 4 << 20;

    final String name;
    private final PacketSocket socket;

    private PacketPort(PacketSocket socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    /** Opens the socket on the namespace's pinned thread (interface names are per namespace). */
    static PacketPort open(NamespaceHandle ns, String ifname) {
        PacketSocket socket = PacketSocket.open(ns, PacketSocket.Framing.RAW, List.of(ifname), s -> {
            s.setOption(Native.SOL_PACKET, PacketSocket.PACKET_VNET_HDR, 1);
            s.setOption(Native.SOL_PACKET, PacketSocket.PACKET_IGNORE_OUTGOING, 1);
            s.bufferSizes(BUFFER, true);
        });
        return new PacketPort(socket, ns.name() + "/" + ifname);
    }

    /** True when a frame is waiting, after up to {@code millis}. */
    boolean await(int millis) {
        return socket.await(millis);
    }

    /** Reads one frame (virtio-net header first) without blocking into {@code into}; -1 when none is waiting. */
    int receive(ByteBuffer into) {
        return socket.receive(into, null, false);
    }

    /** Sends one frame (virtio-net header first); false when the kernel refused it (a full queue: a drop). */
    boolean send(ByteBuffer frame) {
        return socket.send(frame);
    }

    @Override
    public void close() {
        socket.close();
    }
}
