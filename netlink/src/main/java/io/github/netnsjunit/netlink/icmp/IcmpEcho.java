package io.github.netnsjunit.netlink.icmp;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.sys.SyscallException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ICMP echo ("ping") over raw sockets, from inside a network namespace, for IPv4 and IPv6.
 *
 * <p>The socket is opened on the namespace's pinned thread; sending and receiving then happen on the calling
 * thread, with poll(2) timeouts, so no thread is started. Each call uses its own identifier: every raw ICMP
 * socket of a namespace sees every echo reply there, so concurrent pings tell theirs apart by identifier (and by
 * a random cookie in the data).
 *
 * <p>Failures on the path are results, not exceptions: an ICMP error that quotes one of our requests (destination
 * unreachable, time exceeded …) and a sendto(2) failure such as ENETUNREACH (no route) are recorded in
 * {@link PingReport#errors()}. Exceptions are left for misuse and for a socket that cannot be opened or
 * configured (e.g. EPERM without CAP_NET_RAW, ENODEV for an unknown source interface). An interrupt of the
 * calling thread ends the call early (within 100 ms) with a partial report
 * and the interrupt flag still set.
 */
public final class IcmpEcho {
    private static final AtomicInteger CALLS = new AtomicInteger(new SecureRandom().nextInt());
    private static final SecureRandom COOKIES = new SecureRandom();
    private static final int MAX_DATAGRAM = 65536;
    private static final int POLL_SLICE_MILLIS = 100;

    private IcmpEcho() {
    }

    /**
     * Sends {@code count} echo requests to {@code target} from {@code ns}, {@code interval} apart, and waits for
     * replies until every request was answered (or reported as failed) or {@code timeout} has passed since the
     * last request.
     */
    public static PingReport ping(NamespaceHandle ns, InetAddress target, int count, Duration timeout,
            Duration interval) {
        return ping(ns, target, count, timeout, interval, null);
    }

    /**
     * Like {@link #ping(NamespaceHandle, InetAddress, int, Duration, Duration, String)}, but returns as soon as the
     * answer is known instead of waiting for every request: at the first echo reply, at the first ICMP error
     * quoting one of our requests (e.g. host unreachable), or when sendto(2) fails (ENETUNREACH: no route, nothing
     * left the namespace). Further requests, {@code interval} apart, are only sent while no answer came; without
     * any, the call returns {@code timeout} after the last one. A reachability check that passes costs one round
     * trip.
     */
    public static PingReport probe(NamespaceHandle ns, InetAddress target, int count, Duration timeout,
            Duration interval, String sourceInterface) {
        return ping(ns, target, count, timeout, interval, sourceInterface, true);
    }

    /**
     * Like {@link #ping(NamespaceHandle, InetAddress, int, Duration, Duration)}, with the socket bound to
     * {@code sourceInterface} (SO_BINDTODEVICE, like {@code ping -I veth0}): requests leave through that device
     * even when the route (e.g. to a local address) would pick another one. Null means no binding.
     */
    public static PingReport ping(NamespaceHandle ns, InetAddress target, int count, Duration timeout,
            Duration interval, String sourceInterface) {
        return ping(ns, target, count, timeout, interval, sourceInterface, false);
    }

    private static PingReport ping(NamespaceHandle ns, InetAddress target, int count, Duration timeout,
            Duration interval, String sourceInterface, boolean firstAnswer) {
        Objects.requireNonNull(ns, "ns");
        Objects.requireNonNull(target, "target");
        if (count < 1 || count > 0xFFFF) {
            throw new IllegalArgumentException("count must be 1..65535, was " + count);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative, was " + interval);
        }
        boolean ipv6 = target instanceof Inet6Address;
        try (EchoSocket socket = EchoSocket.open(ns, ipv6, sourceInterface)) {
            return new Session(socket, ns.name(), target, nextIdentifier(), COOKIES.nextLong(), firstAnswer)
                    .run(count, timeout.toNanos(), interval.toNanos());
        }
    }

    /**
     * A fresh identifier: a per-call counter in the high ten bits, the calling thread's id in the low six. Calls
     * that overlap in time get distinct counter values, so their identifiers differ unless 1024 calls overlap.
     */
    static int nextIdentifier() {
        int call = CALLS.getAndIncrement();
        @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
        long thread = Thread.currentThread().getId();
        return ((call & 0x3FF) << 6) | (int) (thread & 0x3F);
    }

    /** One ping call's state: what was sent when, what came back. */
    private static final class Session {
        private final EchoSocket socket;
        private final String namespace;
        private final InetAddress target;
        private final byte[] sockaddr;
        private final int identifier;
        private final long cookie;
        /** Stop at the first reply, ICMP error or failed send: the outcome of a reachability check is known. */
        private final boolean firstAnswer;
        private boolean answered;
        private final byte[] buffer = new byte[MAX_DATAGRAM];
        private long[] sentAt;
        private Duration[] rtt;
        private boolean[] resolved;
        private int sent;
        private int unresolved;
        private int duplicates;
        private final List<PingError> errors = new ArrayList<>();

        Session(EchoSocket socket, String namespace, InetAddress target, int identifier, long cookie,
                boolean firstAnswer) {
            this.firstAnswer = firstAnswer;
            this.socket = socket;
            this.namespace = namespace;
            this.target = target;
            this.sockaddr = SocketAddresses.of(target);
            this.identifier = identifier;
            this.cookie = cookie;
        }

        PingReport run(int count, long timeoutNanos, long intervalNanos) {
            sentAt = new long[count + 1];
            rtt = new Duration[count + 1];
            resolved = new boolean[count + 1];
            int seq = 0;
            long nextSend = System.nanoTime();
            long lastSend = nextSend;
            while (!Thread.currentThread().isInterrupted()) { // interrupted: report what we have, flag kept
                if (firstAnswer && answered) {
                    break;
                }
                long now = System.nanoTime();
                if (seq < count && now - nextSend >= 0) {
                    seq++;
                    lastSend = now;
                    send(seq);
                    nextSend += intervalNanos;
                    continue;
                }
                long waitUntil = seq < count ? nextSend : lastSend + timeoutNanos;
                if (seq == count && (unresolved == 0 || now - waitUntil >= 0)) {
                    break;
                }
                receive(waitUntil);
            }
            List<Duration> rtts = new ArrayList<>();
            for (int s = 1; s <= count; s++) {
                if (rtt[s] != null) {
                    rtts.add(rtt[s]);
                }
            }
            return new PingReport(target, namespace, identifier, sent, rtts, errors, duplicates);
        }

        private void send(int seq) {
            long now = System.nanoTime();
            try {
                socket.send(EchoCodec.request(socket.isIpv6(), identifier, seq, now, cookie), sockaddr);
                sentAt[seq] = now;
                sent++;
                unresolved++;
            } catch (SyscallException e) {
                resolved[seq] = true;
                answered = true; // the local stack refused it: nothing was sent, and the next one fares no better
                errors.add(PingError.local(seq, e.errno(), "sendto: " + e.errnoName() + " ("
                        + io.github.netnsjunit.netlink.internal.sys.Native.strerror(e.errno()) + ")"));
            }
        }

        /** Handles datagrams until {@code deadline} or the first one that concerns us. */
        private void receive(long deadline) {
            while (!Thread.currentThread().isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                // short slices: an interrupt is noticed within POLL_SLICE_MILLIS
                int n = socket.receive(buffer, (int) Math.min(POLL_SLICE_MILLIS, Math.max(1, (left + 999_999) / 1_000_000)));
                long arrived = System.nanoTime();
                if (n < 0) {
                    continue;
                }
                IcmpMessage m = socket.isIpv6()
                        ? IcmpParser.parseV6(buffer, n, SocketAddresses.ipv6From(socket.lastSender()))
                        : IcmpParser.parseV4(buffer, n);
                if (m != null && accept(m, arrived)) {
                    return;
                }
            }
        }

        private boolean accept(IcmpMessage m, long arrived) {
            int seq = m.sequence();
            if (m.identifier() != identifier || seq < 1 || seq >= sentAt.length || sentAt[seq] == 0
                    || (m.hasCookie() && m.cookie() != cookie) || (m.reply() && !m.hasCookie())) {
                return false; // another pinger's, a duplicate of a failed send, or truncated
            }
            if (m.reply()) {
                if (!m.from().equals(target)) {
                    return false;
                }
                if (rtt[seq] != null) {
                    duplicates++; // counted apart, never as a second reply
                    return false;
                }
                rtt[seq] = Duration.ofNanos(Math.max(1, arrived - sentAt[seq]));
            } else {
                errors.add(new PingError(seq, m.from(), IcmpDescriptions.describe(socket.isIpv6(), m.type(), m.code())));
            }
            if (!resolved[seq]) {
                resolved[seq] = true;
                unresolved--;
            }
            answered = true;
            return true;
        }
    }
}
