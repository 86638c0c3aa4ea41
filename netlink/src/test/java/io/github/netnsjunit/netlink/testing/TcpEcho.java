package io.github.netnsjunit.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A TCP echo server of 100-byte messages on a fixed port in one namespace, and clients timing request/response
 * exchanges to it; plus a timed one-way transfer to a given port. For tests of conditions limited to some ports.
 */
public final class TcpEcho implements AutoCloseable {
    private final ServerSocket server;
    private final InetAddress address;
    private final Thread thread;

    /** Listens on {@code address:port} in {@code ns}, one connection at a time. */
    public TcpEcho(NamespaceHandle ns, InetAddress address, int port) {
        this.address = address;
        server = ns.callUnchecked(() -> new ServerSocket(port, 5, address));
        thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    byte[] message = new byte[100];
                    while (true) {
                        in.readFully(message);
                        out.write(message);
                    }
                } catch (Exception e) {
                    // the client closed, or the server did
                }
            }
        }, "echo-" + port);
        thread.start();
    }

    /** Nanoseconds of each of {@code count} request/response exchanges over one new connection from {@code ns}. */
    public List<Long> exchanges(NamespaceHandle ns, int count) {
        return ns.callUnchecked(() -> {
            List<Long> times = new ArrayList<>();
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(address, server.getLocalPort()), 5000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] message = new byte[100];
                for (int i = 0; i < count; i++) {
                    message[0] = (byte) i;
                    long start = System.nanoTime();
                    out.write(message);
                    in.readFully(message);
                    times.add(System.nanoTime() - start);
                }
            }
            return times;
        });
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        thread.join(5000);
    }

    /** Milliseconds to send {@code bytes} over TCP from {@code from} to {@code address:port} in {@code to}. */
    public static long transferMillis(NamespaceHandle from, NamespaceHandle to, InetAddress address, int port,
            int bytes) throws Exception {
        try (ServerSocket server = to.callUnchecked(() -> new ServerSocket(port, 5, address))) {
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
                    s.connect(new InetSocketAddress(address, port), 2000);
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
