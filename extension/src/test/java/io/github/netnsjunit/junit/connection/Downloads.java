package io.github.netnsjunit.junit.connection;

import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/** Downloads a reader makes one after the other, each ending as its read ends: the tests of silent readers. */
final class Downloads {
    private Downloads() {
    }

    /**
     * {@code times} downloads of 1 MiB: a writer thread accepts on {@code listener} and writes, the reader connects
     * from {@code client} to {@code server:port} and reads until its read ends (5 s read timeout). Per download: the
     * exception's message ("Connection reset"), "hung" (the timeout) or "end of stream".
     */
    static List<String> outcomes(ServerSocket listener, NetNs client, String server, int port, int times)
            throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            Thread writer = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    s.getOutputStream().write(new byte[1 << 20]);
                } catch (IOException expected) {
                    // the writer is reset too
                }
            }, "download-writer");
            writer.start();
            try (Socket s = client.call(() -> new Socket(server, port))) {
                s.setSoTimeout(5_000);
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[8192];
                try {
                    while (in.read(buffer) > 0) {
                        // on until the read ends
                    }
                    outcomes.add("end of stream");
                } catch (SocketTimeoutException hung) {
                    outcomes.add("hung");
                } catch (IOException e) {
                    outcomes.add(e.getMessage());
                }
            }
            writer.join(10_000);
        }
        return outcomes;
    }
}
