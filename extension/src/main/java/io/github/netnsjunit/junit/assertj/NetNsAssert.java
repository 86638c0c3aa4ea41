package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.internal.TopologyAddresses;
import io.github.netnsjunit.junit.internal.OwnRejects;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.PingResult;
import io.github.netnsjunit.junit.internal.FaultsInForce;
import io.github.netnsjunit.junit.internal.Reachability;
import io.github.netnsjunit.junit.internal.trace.ConnectOutcome;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.icmp.PingError;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.Neighbour;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link NetNs}. Failure messages say what was tried from where and what came back, e.g.
 * {@code expected ns1 to reach 172.18.0.2 by ICMP echo, 0 of 3 replies within 1 s; route used: 172.18.0.0/24 dev veth1}.
 */
public final class NetNsAssert extends AbstractAssert<NetNsAssert, NetNs> {
    private static final int PING_COUNT = 3;
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    NetNsAssert(NetNs actual) {
        super(actual, NetNsAssert.class);
    }

    /**
     * {@code address} answers an ICMP echo: up to three requests, 200 ms apart, each given a second; returns at the
     * first reply. A failure says what happened in plain words (no route, host unreachable, silence) followed by
     * the trace of the path: where the probe went, where it was lost, why, and the fix.
     */
    public NetNsAssert canPing(String address) {
        return canPingThrough(address, null);
    }

    /**
     * Like {@link #canPing(String)} with the requests sent out of {@code sourceInterface} ({@code ping -I}), e.g. to
     * reach an address of the same namespace over a veth pair instead of {@code lo}.
     */
    public NetNsAssert canPingThrough(String address, String sourceInterface) {
        isNotNull();
        InetAddress target = TopologyAddresses.resolve(actual, address);
        PingResult r = probe(address, target, sourceInterface);
        if (!r.isReachable()) {
            String via = sourceInterface == null ? "" : " out of " + sourceInterface;
            failWithMessage("expected %s to reach %s by ICMP echo%s, but %s%s", actual.name(), address, via,
                    failure(r) + FaultsInForce.suffix(actual), // issue 12
                    traceOf(address, target, sourceInterface, -1));
        }
        return this;
    }

    /**
     * {@code address} does not answer an ICMP echo: none of three requests, 200 ms apart, is answered within a
     * second of the last. Returns early when the failure is certain: no route (nothing can be sent) or an ICMP
     * error such as host unreachable.
     */
    public NetNsAssert cannotPing(String address) {
        isNotNull();
        InetAddress target = TopologyAddresses.resolve(actual, address);
        PingResult r = probe(address, target, null);
        if (r.isReachable()) {
            failWithMessage("expected %s not to reach %s by ICMP echo, but %s answered in %s ms%s", actual.name(),
                    address, address, String.format(Locale.ROOT, "%.3f", r.rtts().get(0).toNanos() / 1e6),
                    traceOf(address, target, null, -1));
        }
        return this;
    }

    /** The address as the user wrote it (for a {@link NetNs} of another kind) and parsed once (for ours). */
    private PingResult probe(String address, InetAddress target, String sourceInterface) {
        if (actual instanceof Reachability fast) {
            return fast.probe(target, PING_COUNT, PING_TIMEOUT, sourceInterface);
        }
        return sourceInterface == null ? actual.ping(address, PING_COUNT, PING_TIMEOUT)
                : actual.ping(address, PING_COUNT, PING_TIMEOUT, sourceInterface);
    }

    /** Why a ping got no reply, in plain words. */
    static String failure(PingResult r) {
        if (r.sendFailure().isPresent()) {
            PingError refused = r.sendFailure().get();
            return refused.isNoRoute()
                    ? "there is no route to " + r.target() + " in " + r.from() + " (ENETUNREACH, nothing was sent)"
                    : r.from() + " could not send to " + r.target() + " (" + refused.errnoName().orElseThrow()
                            + ", nothing was sent)";
        }
        if (!r.errors().isEmpty()) {
            return r.target() + " is unreachable: " + String.join("; ", r.errors()) + " (" + requests(r.sent())
                    + " sent); route used: " + r.route().orElse("none");
        }
        return "none of " + requests(r.sent()) + " was answered within " + seconds(r.timeout()) + "; route used: "
                + r.route().orElse("none (no route to the address)");
    }

    private static String requests(int n) {
        return n == 1 ? "1 echo request" : n + " echo requests";
    }

    static String describe(PingResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.received()).append(" of ").append(r.sent()).append(" replies within ")
                .append(seconds(r.timeout()));
        if (!r.errors().isEmpty()) {
            sb.append("; ICMP errors: ").append(String.join("; ", r.errors()));
        }
        sb.append("; route used: ").append(r.route().orElse("none (no route to the address)"));
        return sb.toString();
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A TCP connection to {@code address:port} is accepted within a second. */
    public NetNsAssert canConnect(String address, int port) {
        return canConnect(address, port, Duration.ofSeconds(1));
    }

    /**
     * A TCP connection to {@code address:port} is accepted within {@code timeout}. A failure says whether the
     * connection was refused (a reset: nothing listens) or timed out, followed by the trace of the path.
     */
    public NetNsAssert canConnect(String address, int port, Duration timeout) {
        isNotNull();
        InetAddress target = TopologyAddresses.resolve(actual, address);
        ConnectOutcome.Attempt a = attempt(target, port, timeout);
        if (a.outcome() != ConnectOutcome.ACCEPTED) {
            failWithMessage("expected %s to connect to %s port %d by TCP within %s, but %s%s", actual.name(), address,
                    port, seconds(timeout), (a.outcome() == ConnectOutcome.REFUSED // our own reject rule answered?
                            ? OwnRejects.refusing(actual, target, port)
                                    .map(rule -> OwnRejects.words(rule,
                                            actual.name(), address, port))
                                    .orElseGet(() -> ConnectWords.describe(a, actual.name(), address, port, timeout))
                            : ConnectWords.describe(a, actual.name(), address, port, timeout))
                            + FaultsInForce.suffix(actual), // issue 12
                    traceOf(address, target, null, port));
        }
        return this;
    }

    /**
     * A TCP connection to {@code address:port} is not accepted within a second: refused (returns at once), no route
     * (at once) or no answer (after the second).
     */
    public NetNsAssert cannotConnect(String address, int port) {
        isNotNull();
        Duration timeout = Duration.ofSeconds(1);
        InetAddress target = TopologyAddresses.resolve(actual, address);
        ConnectOutcome.Attempt a = attempt(target, port, timeout);
        if (a.outcome() == ConnectOutcome.ACCEPTED) {
            failWithMessage("expected %s not to connect to %s port %d by TCP, but the connection was accepted%s",
                    actual.name(), address, port, traceOf(address, target, null, port));
        }
        return this;
    }

    /** One connection attempt, on the namespace's thread. */
    private ConnectOutcome.Attempt attempt(InetAddress target, int port, Duration timeout) {
        try {
            return actual.call(() -> ConnectOutcome.tryOnce(target, port, timeout));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot run a TCP connection attempt in " + actual.name() + ": " + e, e);
        }
    }

    /**
     * The trace of the path, on a line of its own: made only now that the assertion failed, so a passing assertion
     * opens no capture socket and costs one round trip.
     */
    private String traceOf(String address, InetAddress target, String sourceInterface, int port) {
        try {
            PathTrace t = actual instanceof Reachability r ? r.trace(target, port > 0 ? port : -1, sourceInterface)
                    : port > 0 ? actual.trace(address, port) : actual.trace(address);
            return "\n" + t;
        } catch (RuntimeException | LinkageError e) {
            return "\n(the path could not be traced: " + e + ")";
        }
    }

    /** Some link holds exactly this address and prefix length, e.g. {@code 172.18.0.2/24}. */
    public NetNsAssert hasAddress(String cidr) {
        isNotNull();
        IpPrefix wanted = IpPrefix.parse(cidr);
        List<Address> addresses = actual.addresses();
        if (addresses.stream().noneMatch(a -> a.prefix().equals(wanted))) {
            failWithMessage("expected %s to have address %s, but its addresses are: %s", actual.name(), wanted,
                    addresses.stream().map(a -> a.prefix().toString()).collect(Collectors.joining(", ")));
        }
        return this;
    }

    /** The link is up, has carrier, and is operationally up. */
    public NetNsAssert hasLinkUp(String name) {
        isNotNull();
        List<Link> links = actual.links();
        Optional<Link> link = links.stream().filter(l -> l.name().equals(name)).findFirst();
        if (link.isEmpty()) {
            failWithMessage("expected %s to have link %s up, but it has no such link; its links: %s", actual.name(),
                    name, links.stream().map(Link::name).collect(Collectors.joining(", ")));
        } else if (!link.get().isOperational()) {
            failWithMessage("expected %s to have link %s up, but it is: %s", actual.name(), name, link.get());
        }
        return this;
    }

    /** The ARP/NDP cache has a resolved entry for {@code address}. */
    public NetNsAssert hasNeighbour(String address) {
        return hasNeighbour(address, null);
    }

    /** The ARP/NDP cache has a resolved entry for {@code address} with this MAC. */
    public NetNsAssert hasNeighbour(String address, String mac) {
        isNotNull();
        InetAddress ip = TopologyAddresses.resolve(actual, address);
        MacAddress wanted = mac == null ? null : MacAddress.parse(mac);
        List<Neighbour> neighbours = actual.neighbours();
        boolean found = neighbours.stream().anyMatch(n -> ip.equals(n.address()) && n.isResolved()
                && (wanted == null || wanted.equals(n.mac())));
        if (!found) {
            failWithMessage("expected %s to have neighbour %s%s, but its neighbour table is: %s", actual.name(),
                    address, wanted == null ? "" : " lladdr " + wanted,
                    neighbours.isEmpty() ? "empty" : neighbours.stream().map(Object::toString).collect(Collectors.joining("; ")));
        }
        return this;
    }

    /** Assertions on a bridge of this namespace. */
    public BridgeAssert bridge(String name) {
        isNotNull();
        return new BridgeAssert(actual, name);
    }
}
