package io.github.netnsjunit.netlink.socket;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.msg.NetlinkError;
import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several acknowledged requests written into one datagram and sent with one {@code sendto}. The kernel
 * processes them in order and answers each failed one with an error; {@link #execute()} waits for all answers and
 * throws the first failure (later failures are attached as suppressed exceptions).
 *
 * <p>Only the last request carries NLM_F_ACK. The kernel answers a request with an error whether it asked for an
 * ACK or not, and it goes on with the next request after a failure, so the ACK of the last one arrives after every
 * error of the batch: one answer to receive instead of one per request.
 *
 * <p>For protocols that need framing around the requests (nfnetlink batches), {@link #addUnacked} writes a
 * message that expects no answer unless it fails.
 */
public final class RequestBatch {
    private final NetlinkSocket socket;
    private final java.util.function.IntSupplier sequence;
    private final MessageWriter writer = new MessageWriter(1024);
    private final Map<Integer, String> pending = new HashMap<>();
    private final Map<Integer, String> watched = new HashMap<>();
    /** Where the acknowledged request added last starts, to take its ACK flag away when another one follows. */
    private int lastAckedStart = -1;
    private int lastAckedSeq;
    private int requests;
    /** True once {@link #addUnacked} was used: its errors may come after the last ACK (an nftables commit). */
    private boolean explicitlyUnacked;
    private boolean sent;

    RequestBatch(NetlinkSocket socket) {
        this.socket = socket;
        this.sequence = socket::nextSeq;
    }

    private RequestBatch(int firstSeq) {
        this.socket = null;
        int[] next = {firstSeq};
        this.sequence = () -> next[0]++;
    }

    /**
     * A batch that is only encoded, never sent: sequence numbers count up from {@code firstSeq}. Lets codec tests
     * compare {@link #bytes()} with golden bytes without a socket or privileges.
     */
    public static RequestBatch offline(int firstSeq) {
        return new RequestBatch(firstSeq);
    }

    /** Adds a request; NLM_F_REQUEST and NLM_F_ACK are added to {@code flags}. */
    public RequestBatch add(int type, int flags, String description, NetlinkSocket.MessageBody body) {
        if (lastAckedStart >= 0) {
            // the previous request no longer needs its own ACK: its error, if any, still comes
            writer.clearFlags(lastAckedStart, Netlink.NLM_F_ACK);
            watched.put(lastAckedSeq, pending.remove(lastAckedSeq));
        }
        lastAckedStart = writer.size();
        int seq = write(type, flags | Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, body);
        lastAckedSeq = seq;
        pending.put(seq, description);
        requests++;
        return this;
    }

    /** Adds a message that is not acknowledged but whose error, if any, is reported under {@code description}. */
    public RequestBatch addUnacked(int type, int flags, String description, NetlinkSocket.MessageBody body) {
        int seq = write(type, flags | Netlink.NLM_F_REQUEST, body);
        watched.put(seq, description);
        explicitlyUnacked = true;
        return this;
    }

    private int write(int type, int flags, NetlinkSocket.MessageBody body) {
        if (sent) {
            throw new IllegalStateException("batch already sent");
        }
        int seq = sequence.getAsInt();
        int m = writer.beginMessage(type, flags, seq);
        body.write(writer);
        writer.endMessage(m);
        return seq;
    }

    /** Number of requests added with {@link #add} (not counting {@link #addUnacked} framing). */
    public int size() {
        return requests;
    }

    /**
     * The datagram as it is now: exactly the bytes {@link #send()} sends. Public because in a codec the bytes are the
     * contract: codec tests compare them with what {@code ip}, {@code nft} and {@code tc} send.
     */
    public byte[] bytes() {
        return writer.toByteArray();
    }

    /** Sends the datagram; answers are collected by {@link #awaitAcks()}. */
    public RequestBatch send() {
        if (sent) {
            throw new IllegalStateException("batch already sent");
        }
        if (socket == null) {
            throw new IllegalStateException("an offline batch cannot be sent");
        }
        sent = true;
        socket.lock().lock();
        try {
            if (!pending.isEmpty() || !watched.isEmpty()) {
                socket.send(writer.buffer());
            }
        } catch (RuntimeException e) {
            socket.lock().unlock();
            throw e;
        }
        return this;
    }

    /** Waits for every answer; throws the first failure in request order, the others suppressed. */
    public void awaitAcks() {
        if (!sent) {
            throw new IllegalStateException("batch not sent");
        }
        try {
            Map<Integer, NetlinkException> failures = new HashMap<>();
            int remaining = pending.size();
            String any = pending.isEmpty() ? "netlink batch" : pending.get(lastAckedSeq);
            while (remaining > 0) {
                for (NetlinkMessage m : socket.receive(any)) {
                    remaining -= account(m, failures);
                }
            }
            // Errors for unacknowledged messages (e.g. a failed nftables commit) are already queued when
            // sendto returns, since the kernel processes the datagram synchronously.
            if (explicitlyUnacked) {
                for (NetlinkMessage m : socket.receive(any, 0)) {
                    account(m, failures);
                }
            }
            if (!failures.isEmpty()) {
                List<Integer> seqs = new ArrayList<>(failures.keySet());
                seqs.sort(null);
                NetlinkException first = failures.get(seqs.get(0));
                for (int i = 1; i < seqs.size(); i++) {
                    first.addSuppressed(failures.get(seqs.get(i)));
                }
                throw first;
            }
        } finally {
            socket.lock().unlock();
        }
    }

    private int account(NetlinkMessage m, Map<Integer, NetlinkException> failures) {
        if (m.type() != Netlink.NLMSG_ERROR) {
            return 0;
        }
        NetlinkError e = NetlinkError.parse(m);
        String description = pending.get(m.seq());
        boolean acked = description != null;
        if (description == null) {
            description = watched.get(m.seq());
        }
        if (description == null) {
            return 0; // stale answer to an earlier, abandoned request
        }
        if (!e.isAck()) {
            failures.putIfAbsent(m.seq(), new NetlinkException(description, socket.namespace(), e.errno(),
                    e.extAckMessage(), e.extAckOffset()));
        }
        return acked ? 1 : 0;
    }

    /** {@link #send()} then {@link #awaitAcks()}. */
    public void execute() {
        send();
        awaitAcks();
    }
}
