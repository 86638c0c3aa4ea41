package io.github.netnsjunit.netlink.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * FrameTap against the kernel: a frame whose data the kernel cannot copy (recvfrom fails with EFAULT whatever the
 * buffer) neither fails the drain nor is lost. The reproduction: a TCP connection into a black hole (b's end of the
 * link has MTU 1400, a sends 1500-byte frames, one segment per packet: {@code gso_max_segs 1}), closed with its
 * data unsent, whose orphaned retransmissions a tap opened afterwards sees. Oracle: {@code ss} in a says the orphan
 * retransmits; the frames' own IPv4 headers say what they are.
 */
class FrameTapIT {
    private static final int BYTES = 40_000;

    @RegisterExtension
    final LinkedPair pair = new LinkedPair();
    private final NamespaceHandle a = pair.a();
    private final NamespaceHandle b = pair.b();

    @Test
    void drainsTheRetransmissionsOfAnOrphanedConnectionIntoABlackHole() throws Exception {
        Oracle.run(a, "ip", "link", "set", "v0", "gso_max_segs", "1");
        Oracle.run(b, "ip", "link", "set", "v1", "mtu", "1400");
        // b's MSS says 1460 so that a sends frames b's end drops on arrival
        Oracle.run(b, "ip", "route", "change", "10.9.0.0/24", "dev", "v1", "advmss", "1460");
        InetAddress server = InetAddress.getByName("10.9.0.2");
        try (ServerSocket listener = b.callUnchecked(() -> new ServerSocket(0, 5, server))) {
            int received = 0;
            try (Socket out = a.callUnchecked(() -> {
                Socket s = new Socket();
                s.setSendBufferSize(4 * BYTES);
                s.connect(new InetSocketAddress(server, listener.getLocalPort()), 2000);
                return s;
            }); Socket in = listener.accept()) {
                out.getOutputStream().write(new byte[BYTES]);
                in.setSoTimeout(250);
                InputStream stream = in.getInputStream();
                long deadline = System.nanoTime() + 3_000_000_000L; // the retransmission timer backs off meanwhile
                while (System.nanoTime() < deadline) {
                    try {
                        received += Math.max(0, stream.read(new byte[BYTES]));
                    } catch (SocketTimeoutException e) {
                        // keep waiting
                    }
                }
            }
            assertThat(received).as("bytes through the black hole").isZero();
            assertThat(Oracle.run(a, "ss", "-tn", "dst", "10.9.0.2")).as("the orphan, unsent data queued").contains("LAST-ACK");
            List<FrameTap.Frame> frames;
            try (FrameTap tap = FrameTap.open(a)) {
                Thread.sleep(3000);
                frames = tap.drain();
            }
            List<FrameTap.Frame> retransmissions = frames.stream()
                    .filter(f -> f.outgoing() && f.length() == 1514 && f.data().length >= 34)
                    .filter(f -> ByteBuffer.wrap(f.data()).getShort(12) == 0x0800 && f.data()[23] == 6)
                    .toList();
            assertThat(retransmissions).as("a's TCP retransmissions, headers kept").isNotEmpty();
            assertThat(retransmissions).allSatisfy(f -> assertThat(ByteBuffer.wrap(f.data()).getInt(30))
                    .as("destination").isEqualTo(ByteBuffer.wrap(server.getAddress()).getInt()));
            assertThat(frames).allSatisfy(f -> assertThat(f.data().length).isIn(f.length(), 128));
        }
    }
}
