package io.github.netnsjunit.junit.internal.resolver;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Internal: one thread serving DNS over UDP and TCP (RFC 1035 section 4.2, TCP messages with a two-byte length) on
 * sockets opened elsewhere. A socket belongs to the network namespace of the thread that created it, for its whole
 * life, so the sockets are opened by a thread inside each namespace and this thread, wherever it runs, serves
 * them all. Answers with a delay wait in a queue, so one slow answer never holds up another.
 */
final class DnsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DnsServer.class.getName());
    private static final AtomicLong THREADS = new AtomicLong();
    private static final int MAX_MESSAGE = 65_535;

    /** A socket to serve and the zone answering on it. */
    record Endpoint(SelectableChannel channel, DnsZone zone) {
    }

    private record Pending(long dueNanos, long order, SelectableChannel channel, SocketAddress to, byte[] bytes)
            implements Comparable<Pending> {
        @Override
        public int compareTo(Pending o) {
            int c = Long.compare(dueNanos - o.dueNanos, 0);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    /** A TCP connection: its zone and the bytes read so far. */
    private static final class Connection {
        final DnsZone zone;
        final ByteBuffer in = ByteBuffer.allocate(2 + MAX_MESSAGE);

        Connection(DnsZone zone) {
            this.zone = zone;
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>();
    private final List<SelectableChannel> channels = new ArrayList<>();
    private long order;
    private volatile boolean stopping;

    private DnsServer(List<Endpoint> endpoints) throws IOException {
        selector = Selector.open();
        try {
            for (Endpoint e : endpoints) {
                e.channel().configureBlocking(false);
                int ops = e.channel() instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
                e.channel().register(selector, ops, e.zone());
                channels.add(e.channel());
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        thread = new Thread(this::serve, "netns-junit-dns-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
    }

    /** Starts serving the endpoints; they are closed with the server. */
    static DnsServer start(List<Endpoint> endpoints) throws IOException {
        DnsServer server = new DnsServer(endpoints);
        server.thread.start();
        return server;
    }

    private void serve() {
        ByteBuffer datagram = ByteBuffer.allocate(MAX_MESSAGE);
        while (!stopping) {
            try {
                long wait = sendDue();
                if (wait < 0) {
                    selector.select();
                } else {
                    selector.select((wait + 999_999L) / 1_000_000L); // never early
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept(key);
                    } else if (key.channel() instanceof DatagramChannel udp) {
                        datagram.clear();
                        SocketAddress from = udp.receive(datagram);
                        if (from != null) {
                            handle((DnsZone) key.attachment(), udp, from, datagram.array(), datagram.position());
                        }
                    } else if (key.channel() instanceof SocketChannel tcp) {
                        read(key, tcp);
                    }
                }
                selector.selectedKeys().clear();
            } catch (ClosedChannelException | ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    LOG.log(System.Logger.Level.DEBUG, "netns-junit DNS server: " + e, e);
                }
            }
        }
    }

    private void accept(SelectionKey key) throws IOException {
        SocketChannel c = ((ServerSocketChannel) key.channel()).accept();
        if (c != null) {
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_READ, new Connection((DnsZone) key.attachment()));
        }
    }

    private void read(SelectionKey key, SocketChannel tcp) throws IOException {
        Connection conn = (Connection) key.attachment();
        int n;
        try {
            n = tcp.read(conn.in);
        } catch (IOException reset) {
            n = -1;
        }
        if (n < 0) {
            key.cancel();
            tcp.close();
            return;
        }
        while (conn.in.position() >= 2) {
            int length = ((conn.in.get(0) & 0xFF) << 8) | (conn.in.get(1) & 0xFF);
            if (conn.in.position() < 2 + length) {
                break;
            }
            byte[] message = new byte[length];
            conn.in.get(2, message);
            int rest = conn.in.position() - 2 - length;
            conn.in.put(0, conn.in, 2 + length, rest);
            conn.in.position(rest);
            handle(conn.zone, tcp, null, message, length);
        }
    }

    private void handle(DnsZone zone, SelectableChannel channel, SocketAddress from, byte[] bytes, int length)
            throws IOException {
        var query = DnsMessage.parse(bytes, length);
        DnsZone.Reply reply;
        if (query.isEmpty()) {
            int id = DnsMessage.idOf(bytes, length);
            if (id < 0) {
                return;
            }
            reply = new DnsZone.Reply(DnsMessage.formatError(id), Duration.ZERO);
        } else {
            reply = zone.answer(query.get());
        }
        if (reply.reply() == null) {
            return; // a TIMEOUT fault: the client waits for an answer that never comes
        }
        if (reply.delay().isZero()) {
            send(channel, from, reply.reply());
        } else {
            pending.add(new Pending(System.nanoTime() + reply.delay().toNanos(), order++, channel, from, reply.reply()));
        }
    }

    /** Sends the delayed answers that are due; the nanoseconds until the next one, or -1 when none waits. */
    private long sendDue() throws IOException {
        long now = System.nanoTime();
        while (!pending.isEmpty()) {
            Pending p = pending.peek();
            long wait = p.dueNanos() - now;
            if (wait > 0) {
                return wait;
            }
            pending.poll();
            if (p.channel().isOpen()) {
                send(p.channel(), p.to(), p.bytes());
            }
        }
        return -1;
    }

    private static void send(SelectableChannel channel, SocketAddress to, byte[] bytes) throws IOException {
        if (channel instanceof DatagramChannel udp) {
            udp.send(ByteBuffer.wrap(bytes), to);
        } else {
            ByteBuffer out = ByteBuffer.allocate(2 + bytes.length);
            out.putShort((short) bytes.length).put(bytes).flip();
            SocketChannel tcp = (SocketChannel) channel;
            // answers are small: the socket's send buffer takes them whole; a client that reads nothing gets cut off
            if (tcp.write(out) < out.limit()) {
                tcp.close();
            }
        }
    }

    /** Stops the thread and closes every socket (the listening ones and accepted connections). */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            closeQuietly(key.channel());
        }
        channels.forEach(DnsServer::closeQuietly);
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
