package io.github.netnsjunit.netlink.socket;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.msg.NetlinkError;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A netlink socket bound to the network namespace its opening thread was in. Once open it can be used from
 * any thread and still acts on that namespace. One request (or one {@link RequestBatch}) is in flight at a time;
 * callers are serialised by a lock.
 */
public final class NetlinkSocket implements AutoCloseable {
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int KERNEL_BUFFER = 1 << 20;
    private static final int REPLY_TIMEOUT_MILLIS = 10_000;
    private static final int DUMP_RETRIES = 10;
    private static final int SOCKADDR_NL_LENGTH = 12;

    private final int fd;
    private final int protocol;
    private final String namespace;
    private final ByteBuffer rx = ByteBuffer.allocate(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final byte[] from = new byte[SOCKADDR_NL_LENGTH];
    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.atomic.AtomicInteger seq = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;
    /** Multicast groups joined with {@link #subscribe}; while non-zero, notifications are kept for the caller. */
    private int subscriptions;
    private final java.util.ArrayDeque<NetlinkMessage> notifications = new java.util.ArrayDeque<>();

    private NetlinkSocket(int fd, int protocol, String namespace) {
        this.fd = fd;
        this.protocol = protocol;
        this.namespace = namespace;
    }

    /**
     * Opens a socket of {@code protocol} (e.g. {@link Netlink#NETLINK_ROUTE}) in the calling thread's current
     * network namespace; {@code namespace} is the name used in error messages.
     */
    public static NetlinkSocket open(int protocol, String namespace) {
        int fd = Native.socket(AddressFamily.NETLINK, Native.SOCK_RAW, protocol);
        try {
            try {
                Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUFFORCE, KERNEL_BUFFER);
            } catch (SyscallException e) {
                Native.setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVBUF, KERNEL_BUFFER);
            }
            Native.setsockopt(fd, Native.SOL_NETLINK, Netlink.NETLINK_EXT_ACK, 1);
            Native.setsockopt(fd, Native.SOL_NETLINK, Netlink.NETLINK_CAP_ACK, 1);
            // struct sockaddr_nl {u16 nl_family; u16 pad; u32 nl_pid; u32 nl_groups}: pid 0 lets the kernel pick
            Native.bind(fd, ByteBuffer.allocate(SOCKADDR_NL_LENGTH).order(ByteOrder.nativeOrder())
                    .putShort((short) AddressFamily.NETLINK).array());
            return new NetlinkSocket(fd, protocol, namespace);
        } catch (RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** The namespace name used in messages. */
    public String namespace() {
        return namespace;
    }

    /** The netlink protocol number. */
    public int protocol() {
        return protocol;
    }

    /** The file descriptor (kept open until {@link #close()}). */
    public int fd() {
        return fd;
    }

    /** Starts a batch of acknowledged requests sent in one datagram. */
    public RequestBatch batch() {
        return new RequestBatch(this);
    }

    /** Sends one request built by {@code build} (which gets the sequence number) and waits for its ACK. */
    public void execute(int type, int flags, String description, MessageBody body) {
        RequestBatch b = batch();
        b.add(type, flags, description, body);
        b.execute();
    }

    /**
     * Runs a dump: sends one GET request with NLM_F_DUMP and returns every reply message; restarts when the
     * kernel flags the dump as interrupted (NLM_F_DUMP_INTR).
     */
    public List<NetlinkMessage> dump(int type, String description, MessageBody body) {
        lock.lock();
        try {
            for (int attempt = 0; attempt < DUMP_RETRIES; attempt++) {
                int s = sendRequest(type, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, body);
                List<NetlinkMessage> out = new ArrayList<>();
                boolean interrupted = false;
                while (true) {
                    List<NetlinkMessage> datagram = receive(description);
                    boolean done = false;
                    for (NetlinkMessage msg : datagram) {
                        if (msg.seq() != s) {
                            continue;
                        }
                        if ((msg.flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
                            interrupted = true;
                        }
                        if (msg.type() == Netlink.NLMSG_DONE || msg.type() == Netlink.NLMSG_ERROR) {
                            NetlinkError e = msg.type() == Netlink.NLMSG_DONE
                                    ? NetlinkError.parseDone(msg) : NetlinkError.parse(msg);
                            if (!e.isAck()) {
                                throw new NetlinkException(description, namespace, e.errno(), e.extAckMessage(),
                                        e.extAckOffset());
                            }
                            done = true;
                        } else {
                            out.add(msg);
                        }
                    }
                    if (done) {
                        break;
                    }
                }
                if (!interrupted) {
                    return out;
                }
            }
            throw new NetlinkException(description, namespace, io.github.netnsjunit.netlink.sys.Errno.EINTR,
                    "dump interrupted " + DUMP_RETRIES + " times in a row by concurrent changes", -1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends one GET request (no dump) and returns the kernel's single answer, e.g. RTM_NEWLINK for RTM_GETLINK with
     * a name; an error answer (e.g. ENODEV) is thrown as a {@link NetlinkException}.
     */
    public NetlinkMessage get(int type, String description, MessageBody body) {
        lock.lock();
        try {
            int s = sendRequest(type, Netlink.NLM_F_REQUEST, body);
            while (true) {
                for (NetlinkMessage msg : receive(description)) {
                    if (msg.seq() != s) {
                        continue;
                    }
                    if (msg.type() == Netlink.NLMSG_ERROR) {
                        NetlinkError e = NetlinkError.parse(msg);
                        throw new NetlinkException(description, namespace, e.errno(), e.extAckMessage(),
                                e.extAckOffset());
                    }
                    return msg;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends one request (the caller holds the lock) and returns its sequence number. */
    private int sendRequest(int type, int flags, MessageBody body) {
        int s = nextSeq();
        MessageWriter w = new MessageWriter(256);
        int m = w.beginMessage(type, flags, s);
        body.write(w);
        w.endMessage(m);
        send(w.buffer());
        return s;
    }

    /** Writes the part of a message after its netlink header. */
    @FunctionalInterface
    public interface MessageBody {
        /** Writes the family header and attributes. */
        void write(MessageWriter w);
    }

    int nextSeq() {
        return seq.incrementAndGet();
    }

    ReentrantLock lock() {
        return lock;
    }

    void send(ByteBuffer data) {
        ensureOpen();
        int n = Native.sendto(fd, data, null);
        if (n != data.remaining()) {
            throw Native.failure("sendto(netlink fd " + fd + "): short write " + n + " of " + data.remaining(), 0);
        }
    }

    /**
     * Joins a multicast group (e.g. RTNLGRP_LINK = 1): from now on the kernel's notifications for this socket's
     * namespace are kept, even when they arrive while a request or batch is waiting for its answers, and are
     * handed out by {@link #awaitNotifications}. Call {@link #unsubscribe} when done.
     */
    public void subscribe(int group) {
        lock.lock();
        try {
            ensureOpen();
            Native.setsockopt(fd, Native.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group);
            subscriptions++;
        } finally {
            lock.unlock();
        }
    }

    /** Leaves a group joined with {@link #subscribe}; once no group is left, kept notifications are dropped. */
    public void unsubscribe(int group) {
        lock.lock();
        try {
            if (!closed) {
                Native.setsockopt(fd, Native.SOL_NETLINK, Netlink.NETLINK_DROP_MEMBERSHIP, group);
            }
            if (subscriptions > 0 && --subscriptions == 0) {
                notifications.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The notifications received since the last call, waiting up to {@code timeoutMillis} for at least one when
     * none is kept yet; an empty list when none came in time. Only while {@link #subscribe subscribed}.
     */
    public List<NetlinkMessage> awaitNotifications(String description, int timeoutMillis) {
        lock.lock();
        try {
            if (subscriptions == 0) {
                throw new IllegalStateException("not subscribed to any multicast group");
            }
            // take what is queued in the kernel without waiting, then wait only if nothing at all is known yet
            while (!receive(description, 0).isEmpty()) {
                // receive() keeps the notifications; replies to abandoned requests are dropped
            }
            if (notifications.isEmpty() && timeoutMillis > 0 && Native.pollIn(fd, timeoutMillis)) {
                receive(description, 0);
            }
            List<NetlinkMessage> out = new ArrayList<>(notifications);
            notifications.clear();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Receives one datagram from the kernel (waiting up to the reply timeout) and splits it into messages. */
    List<NetlinkMessage> receive(String description) {
        return receive(description, REPLY_TIMEOUT_MILLIS);
    }

    /** Like {@link #receive(String)}; with {@code timeoutMillis} 0 returns an empty list when nothing is queued. */
    List<NetlinkMessage> receive(String description, int timeoutMillis) {
        ensureOpen();
        while (true) {
            rx.clear();
            int n = Native.recvfrom(fd, rx, Native.MSG_DONTWAIT | Native.MSG_TRUNC, from);
            if (n < 0) {
                if (timeoutMillis == 0) {
                    return List.of();
                }
                if (!Native.pollIn(fd, timeoutMillis)) {
                    throw new NetlinkException(description, namespace, io.github.netnsjunit.netlink.sys.Errno.ETIMEDOUT,
                            "no reply from the kernel within " + timeoutMillis + " ms", -1);
                }
                continue;
            }
            if (n > RECEIVE_BUFFER) {
                throw new NetlinkException(description, namespace, io.github.netnsjunit.netlink.sys.Errno.ENOBUFS,
                        "reply of " + n + " bytes truncated to " + RECEIVE_BUFFER, -1);
            }
            int senderPid = ByteBuffer.wrap(from).order(ByteOrder.nativeOrder()).getInt(4);
            if (senderPid != 0) {
                continue; // not from the kernel
            }
            rx.limit(n);
            List<NetlinkMessage> messages = NetlinkMessage.parseAll(rx);
            if (subscriptions > 0) {
                // notifications carry sequence number 0; our requests never do
                for (NetlinkMessage m : messages) {
                    if (m.seq() == 0) {
                        notifications.add(m);
                    }
                }
            }
            return messages;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket of netns " + namespace + " is closed");
        }
    }

    /** Closes the socket (idempotent). An open socket keeps its namespace alive. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                Native.close(fd);
            }
        } finally {
            lock.unlock();
        }
    }
}
