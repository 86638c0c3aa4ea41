package io.github.netnsjunit.junit.trace;

import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The traffic of the path MTU black hole tests ({@link PmtuBlackHoleIT}, {@link VethMtuMismatchIT}): a TCP
 * connection whose handshake passes, then one 64 KiB write of full-sized segments, and how much of it arrives.
 */
final class LargeWrite {
    /** The size of the write: many segments of the full MTU. */
    static final int BYTES = 64 * 1024;

    private LargeWrite() {
    }

    /** A listener on {@code address:port} in {@code server} (SO_REUSEADDR: a test listens there more than once). */
    static ServerSocket listen(NetNs server, String address, int port) throws Exception {
        return server.call(() -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return s;
        });
    }

    /**
     * Connects from the client to {@code address:port}, writes {@link #BYTES} (into a send buffer large enough that
     * the write returns), and returns how many bytes the server read within 4 seconds (10 when all should arrive);
     * the handshake must succeed.
     */
    static int bytesArriving(NetNs client, ServerSocket listener, String address, int port, boolean expectNothing)
            throws Exception {
        try (Socket out = client.call(() -> {
            Socket s = new Socket();
            s.setSendBufferSize(4 * BYTES);
            s.connect(new InetSocketAddress(InetAddress.getByName(address), port), 2000);
            return s;
        })) {
            listener.setSoTimeout(2000);
            try (Socket in = listener.accept()) { // the handshake succeeded
                out.getOutputStream().write(new byte[BYTES]);
                in.setSoTimeout(250);
                InputStream stream = in.getInputStream();
                byte[] buffer = new byte[BYTES];
                int total = 0;
                // 4 s to see nothing arrive; 10 s for all to arrive (a router rate-limits its ICMP and ICMPv6
                // errors, about one a second once its burst is spent), returning as soon as it has
                long deadline = System.nanoTime() + (expectNothing ? 4_000_000_000L : 10_000_000_000L);
                while (total < BYTES && System.nanoTime() < deadline) {
                    try {
                        int n = stream.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        total += n;
                    } catch (SocketTimeoutException e) {
                        // keep waiting until the deadline
                    }
                }
                return total;
            }
        } catch (IOException e) {
            throw new AssertionError("the TCP handshake failed: " + e, e);
        }
    }
}
