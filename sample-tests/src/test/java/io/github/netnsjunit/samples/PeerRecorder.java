package io.github.netnsjunit.samples;

import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection TCP server that records the peer address it sees: the way to observe NAT from the receiving
 * side. The listening socket is opened inside the namespace (a socket keeps the namespace it was made in), and
 * accepted from an ordinary thread.
 */
final class PeerRecorder implements AutoCloseable {
    private final ServerSocket server;
    private final CompletableFuture<InetAddress> peer = new CompletableFuture<>();
    private final Thread acceptor;

    private PeerRecorder(ServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(() -> {
            try (Socket s = server.accept()) {
                peer.complete(((InetSocketAddress) s.getRemoteSocketAddress()).getAddress());
                s.getOutputStream().write("hello\n".getBytes());
            } catch (IOException e) {
                peer.completeExceptionally(e);
            }
        }, "peer-recorder");
        acceptor.start();
    }

    /** Listens on {@code address:port} inside {@code ns}. */
    static PeerRecorder listen(NetNs ns, String address, int port) throws Exception {
        return new PeerRecorder(ns.call(() -> new ServerSocket(port, 1, InetAddress.getByName(address))));
    }

    /** Connects from inside {@code ns} and reads the greeting. */
    static String connect(NetNs ns, String address, int port) throws Exception {
        return ns.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 2000);
                return new String(s.getInputStream().readNBytes(6)).strip();
            }
        });
    }

    /** The address the connection came from, as the server saw it. */
    String peerAddress() throws Exception {
        return peer.get(5, TimeUnit.SECONDS).getHostAddress();
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(2000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
