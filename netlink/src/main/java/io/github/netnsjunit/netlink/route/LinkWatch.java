package io.github.netnsjunit.netlink.route;

import io.github.netnsjunit.netlink.msg.NetlinkMessage;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.sys.Errno;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Waits for links to become usable from link notifications (RTNLGRP_LINK) rather than from the link table.
 *
 * <p>Why: the kernel's linkwatch worker sets a link's operstate first and only then activates its transmit queue
 * ({@code dev_activate}: until then the queue is the "noop" qdisc, which drops every packet) and finally sends an
 * RTM_NEWLINK notification. A dump can therefore show a veth end as UP while its first packets are still dropped
 * (seen on 6.18: the first ARP request of a ping dropped with QDISC_DROP after a dump said UP, in ~7% of fresh
 * veth pairs). A notification that reports a link operational is sent after the activation, so it is the signal to
 * wait for.
 *
 * <p>Open the watch <em>before</em> the change that brings the links up; links already operational when it is
 * opened count as ready (their notification may have been sent before). Close it when done.
 */
public final class LinkWatch implements AutoCloseable {
    private static final int RTNLGRP_LINK = 1;

    private final NetlinkSocket socket;
    /** ifindex -> latest state reported (by the opening dump or a notification). */
    private final Map<Integer, Link> latest = new HashMap<>();
    /** ifindexes seen operational in a notification, or before the watch started. */
    private final Map<Integer, Boolean> confirmed = new HashMap<>();
    private boolean closed;

    LinkWatch(RouteClient client, NetlinkSocket socket, boolean existing) {
        this.socket = socket;
        socket.subscribe(RTNLGRP_LINK);
        if (!existing) {
            return;
        }
        try {
            for (Link l : client.links()) {
                latest.put(l.index(), l);
                if (l.isOperational()) {
                    confirmed.put(l.index(), true);
                }
            }
        } catch (RuntimeException e) {
            socket.unsubscribe(RTNLGRP_LINK);
            throw e;
        }
    }

    /**
     * Waits until every named link was reported operational by a notification sent after the watch was opened
     * (or was operational when it was opened). Throws, listing the links that are not ready, after {@code timeout}.
     */
    public void awaitOperational(Collection<String> names, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> notReady = new ArrayList<>();
            for (String name : names) {
                Link link = byName(name);
                if (link == null) {
                    notReady.add(name + " (absent)");
                } else if (!confirmed.getOrDefault(link.index(), false)) {
                    notReady.add(link.toString());
                }
            }
            if (notReady.isEmpty()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new NetlinkException("waiting for links " + names + " to be operationally up", socket.namespace(),
                        Errno.ETIMEDOUT, "not ready after " + timeout.toMillis() + " ms: " + String.join("; ", notReady),
                        -1);
            }
            int waitMillis = (int) Math.max(1, Math.min(100, left / 1_000_000L));
            for (NetlinkMessage m : socket.awaitNotifications("RTNLGRP_LINK notifications", waitMillis)) {
                if (m.type() == Rtnl.RTM_NEWLINK) {
                    Link l = Link.parse(m);
                    latest.put(l.index(), l);
                    confirmed.put(l.index(), l.isOperational());
                } else if (m.type() == Rtnl.RTM_DELLINK) {
                    Link l = Link.parse(m);
                    latest.remove(l.index());
                    confirmed.remove(l.index());
                }
            }
        }
    }

    /**
     * Waits until a notification reports the link {@code index} deleted (RTM_DELLINK, which the kernel sends once
     * the link is unlisted and its name free, before it waits for the link's last references), or until
     * {@code stop} answers true; checked at least every few milliseconds.
     *
     * @return true when the deletion was reported, false when stopped or after {@code timeout}
     */
    public boolean awaitDeleted(int index, Duration timeout, BooleanSupplier stop) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (NetlinkMessage m : socket.awaitNotifications("RTNLGRP_LINK notifications", 2)) {
                if (m.type() == Rtnl.RTM_DELLINK && Link.parse(m).index() == index) {
                    return true;
                }
            }
            if (stop.getAsBoolean()) {
                return false;
            }
        }
        return false;
    }

    private Link byName(String name) {
        for (Link l : latest.values()) {
            if (name.equals(l.name())) {
                return l;
            }
        }
        return null;
    }

    /** Stops watching (the socket leaves the group). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            socket.unsubscribe(RTNLGRP_LINK);
        }
    }
}
