package io.github.netnsjunit.samples.clients;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.netnsjunit.junit.NetNs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process holding one key, {@code token}: started in a namespace with
 * {@link NetNs#start(ProcessBuilder)}, or in the JVM's own namespace for the decoy. Nothing is written to disk.
 */
final class RedisServer implements AutoCloseable {
    private final Process process;
    final int port;
    final String token;

    private RedisServer(Process process, int port, String token) {
        this.process = process;
        this.port = port;
        this.token = token;
    }

    /** Skips the calling class's tests, visibly, where {@code redis-server} is not installed. */
    static void assumeInstalled() {
        assumeTrue(executable().isPresent(), "redis-server is not on the PATH: install the Debian package "
                + "redis-server (apt-get install redis-server); .ci/run installs it");
    }

    /** The decoy: on {@code 127.0.0.1} on a free port in the calling thread's namespace, holding {@code DECOY}. */
    static RedisServer decoy() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder(command("127.0.0.1", port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return ready(process, port, TokenHttpServer.DECOY);
    }

    /** A server on {@code 0.0.0.0:port} inside {@code ns} ({@link NetNs#start}), holding {@code token}. */
    static RedisServer startIn(NetNs ns, int port, String token) throws Exception {
        Process process = ns.start(new ProcessBuilder(command("0.0.0.0", port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD));
        return ns.call(() -> ready(process, port, token)); // seeded from inside ns, over its loopback
    }

    /** The network namespace the server process is in. */
    String where() {
        return Where.process(process.pid());
    }

    private static List<String> command(String bind, int port) {
        return List.of(executable().orElseThrow().toString(), "--port", Integer.toString(port), "--bind", bind,
                "--protected-mode", "no", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", System.getProperty("java.io.tmpdir"), "--logfile", "");
    }

    private static Optional<Path> executable() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Waits until the server accepts connections on the caller's loopback, then stores the token. */
    private static RedisServer ready(Process process, int port, String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                send(s, "SET", "token", token);
                return new RedisServer(process, port, token);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("redis-server did not start on port " + port
                            + (process.isAlive() ? "" : " (exit status " + process.waitFor() + ")"), notYet);
                }
                Thread.sleep(10);
            }
        }
    }

    /** One command in RESP, expecting {@code +OK}. */
    private static void send(Socket s, String... words) throws IOException {
        StringBuilder request = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            request.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
        }
        OutputStream out = s.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] reply = in.readNBytes(5);
        if (!new String(reply, StandardCharsets.US_ASCII).equals("+OK\r\n")) {
            throw new IOException("redis-server answered " + new String(reply, StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
