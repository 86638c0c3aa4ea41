package io.github.netnsjunit.junit.assertj;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.PingResult;
import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.Neighbour;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
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

    /** At least one of three ICMP echo requests to {@code address} is answered within a second. */
    public NetNsAssert canPing(String address) {
        isNotNull();
        PingResult r = actual.ping(address, PING_COUNT, PING_TIMEOUT);
        if (!r.isReachable()) {
            failWithMessage("expected %s to reach %s by ICMP echo, %s", actual.name(), address, describe(r)
                    + io.github.netnsjunit.junit.internal.FaultsInForce.suffix(actual)); // conditions/partitions (issue 12)
        }
        return this;
    }

    /** None of three ICMP echo requests to {@code address} is answered within a second. */
    public NetNsAssert cannotPing(String address) {
        isNotNull();
        PingResult r = actual.ping(address, PING_COUNT, PING_TIMEOUT);
        if (r.isReachable()) {
            failWithMessage("expected %s not to reach %s by ICMP echo, but %s", actual.name(), address, describe(r));
        }
        return this;
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

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A TCP connection to {@code address:port} is accepted within a second. */
    public NetNsAssert canConnect(String address, int port) {
        return canConnect(address, port, Duration.ofSeconds(1));
    }

    /** A TCP connection to {@code address:port} is accepted within {@code timeout}. */
    public NetNsAssert canConnect(String address, int port, Duration timeout) {
        isNotNull();
        if (!actual.canConnect(address, port, timeout)) {
            String route = actual.routeTo(address).orElse("none");
            failWithMessage("expected %s to connect to %s port %d by TCP within %s, but it was refused or timed out; "
                    + "route towards it: %s", actual.name(), address, port, seconds(timeout),
                    route + io.github.netnsjunit.junit.internal.FaultsInForce.suffix(actual)); // issue 12
        }
        return this;
    }

    /** A TCP connection to {@code address:port} is refused or times out within a second. */
    public NetNsAssert cannotConnect(String address, int port) {
        isNotNull();
        if (actual.canConnect(address, port, Duration.ofSeconds(1))) {
            failWithMessage("expected %s not to connect to %s port %d by TCP, but the connection was accepted",
                    actual.name(), address, port);
        }
        return this;
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
        InetAddress ip = IpAddresses.parse(address);
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
