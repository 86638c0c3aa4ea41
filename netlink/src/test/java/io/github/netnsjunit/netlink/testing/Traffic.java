package io.github.netnsjunit.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test traffic between two namespaces, for the condition and relay tests: numbered datagrams, a timed transfer. */
public final class Traffic {
    private Traffic() {
    }

    /**
     * Sends {@code count} numbered datagrams from {@code from} to {@code address} in {@code to}, 0.5 ms apart; the
     * numbers received, in arrival order (read while sending: a socket buffer holds only a few hundred small
     * datagrams).
     */
    public static List<Integer> udpSequence(NamespaceHandle from, NamespaceHandle to, InetAddress address, int count)
            throws Exception {
        DatagramSocket receiver = to.callUnchecked(() -> new DatagramSocket(new InetSocketAddress(address, 0)));
        try (receiver; DatagramSocket sender = from.callUnchecked(DatagramSocket::new)) {
            receiver.setSoTimeout(300);
            List<Integer> got = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[64];
                while (true) {
                    DatagramPacket d = new DatagramPacket(buf, buf.length);
                    try {
                        receiver.receive(d);
                    } catch (Exception e) {
                        return; // nothing more within 300 ms
                    }
                    got.add(Integer.parseInt(new String(d.getData(), 0, d.getLength())));
                }
            }, "udp-reader");
            reader.start();
            InetSocketAddress target = new InetSocketAddress(address, receiver.getLocalPort());
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                byte[] p = Integer.toString(i).getBytes();
                sender.send(new DatagramPacket(p, p.length, target));
                next += 500_000;
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
            }
            reader.join();
            return List.copyOf(got);
        }
    }

    /** Milliseconds to send {@code bytes} over TCP from {@code from} to {@code address} in {@code to}, all received. */
    public static long tcpTransferMillis(NamespaceHandle from, NamespaceHandle to, InetAddress address, int bytes)
            throws Exception {
        try (ServerSocket server = to.callUnchecked(() -> new ServerSocket(0, 5, address))) {
            CompletableFuture<Long> received = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    long total = 0;
                    byte[] buf = new byte[65536];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        total += n;
                    }
                    received.complete(total);
                } catch (Exception e) {
                    received.completeExceptionally(e);
                }
            }, "tcp-reader");
            t.start();
            long start = System.nanoTime();
            from.callUnchecked(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address, server.getLocalPort()), 2000);
                    OutputStream out = s.getOutputStream();
                    out.write(new byte[bytes]);
                    s.shutdownOutput();
                    s.getInputStream().read();
                }
                return null;
            });
            assertThat(received.get()).isEqualTo((long) bytes);
            t.join();
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
