package io.github.netnsjunit.netlink.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Processes;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RTM_GETROUTE against the live kernel in a fresh namespace, compared with {@code ip -j route get} (and its error
 * text) run inside the same namespace: connected, via a gateway, default, IPv6, and the four ways of having no way
 * out (no route, unreachable, prohibit, blackhole), each with the errno the kernel gives both of us.
 */
class RouteLookupIT {
    private NamespaceHandle ns;
    private RouteClient route;

    @BeforeEach
    void namespace() {
        ns = NamespaceHandle.create("route-get");
        route = RouteClient.of(ns);
        for (String command : List.of("ip link add v0 type veth peer name v1", "ip link set v0 up", "ip link set v1 up",
                "ip addr add 10.1.0.2/16 dev v0", "ip -6 addr add fd00:1::2/64 dev v0 nodad",
                "ip route add 10.52.0.0/16 via 10.1.0.1", "ip route add unreachable 10.9.0.0/16",
                "ip route add prohibit 10.8.0.0/16", "ip route add blackhole 10.7.0.0/16")) {
            Oracle.run(ns, command.split(" "));
        }
    }

    @AfterEach
    void close() {
        ns.close();
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private String name(int ifindex) {
        return route.links().stream().filter(l -> l.index() == ifindex).findFirst().orElseThrow().name();
    }

    /** Our answer and ip's, field by field: destination, gateway, device, preferred source. */
    private void assertSameAsIp(String destination, boolean fibmatch) {
        RouteLookup lookup = RouteLookup.to(IpAddresses.parse(destination));
        RouteEntry ours = route.lookup(fibmatch ? lookup.matchingEntry() : lookup);
        String ip = fibmatch ? Oracle.run(ns, "ip", "-j", "route", "get", "fibmatch", destination)
                : Oracle.run(ns, "ip", "-j", "route", "get", destination);
        String dst = field(ip, "dst");
        assertThat(ours.isDefault() ? "default" : ours.destination().length() == ours.destination().address()
                .getAddress().length * 8 ? IpAddresses.format(ours.destination().address()) : ours.destination().toString())
                .as("dst of %s (ip: %s)", destination, ip).isEqualTo(dst);
        assertThat(ours.gateway() == null ? null : IpAddresses.format(ours.gateway())).as("gateway (ip: %s)", ip)
                .isEqualTo(field(ip, "gateway"));
        assertThat(name(ours.outIndex())).as("dev (ip: %s)", ip).isEqualTo(field(ip, "dev"));
        assertThat(ours.source() == null ? null : IpAddresses.format(ours.source())).as("prefsrc (ip: %s)", ip)
                .isEqualTo(field(ip, "prefsrc"));
    }

    @Test
    void connectedRouteIsTheKernelsChoice() {
        assertSameAsIp("10.1.2.3", false);
        assertSameAsIp("10.1.2.3", true);
        assertThat(route.routeTo(IpAddresses.parse("10.1.2.3")).orElseThrow().format("v0"))
                .isEqualTo("10.1.0.0/16 dev v0 proto kernel scope link src 10.1.0.2");
    }

    @Test
    void routeViaGatewayIsTheKernelsChoice() {
        assertSameAsIp("10.52.3.4", false);
        assertSameAsIp("10.52.3.4", true);
        assertThat(route.routeTo(IpAddresses.parse("10.52.3.4")).orElseThrow().format("v0"))
                .isEqualTo("10.52.0.0/16 via 10.1.0.1 dev v0");
    }

    @Test
    void defaultRouteIsTheKernelsChoice() {
        Oracle.run(ns, "ip", "route", "add", "default", "via", "10.1.0.254");
        assertSameAsIp("192.0.2.9", false);
        assertSameAsIp("192.0.2.9", true);
        assertThat(route.routeTo(IpAddresses.parse("192.0.2.9")).orElseThrow().isDefault()).isTrue();
    }

    @Test
    void ipv6IsTheKernelsChoice() {
        assertSameAsIp("fd00:1::9", false);
        assertSameAsIp("fd00:1::9", true);
    }

    @Test
    void noWayOutIsTheKernelsErrnoAsIpReportsIt() {
        assertNoWayOut("192.0.2.9", Errno.ENETUNREACH, "Network is unreachable");
        assertNoWayOut("10.9.0.1", Errno.EHOSTUNREACH, "No route to host");
        assertNoWayOut("10.8.0.1", Errno.EACCES, "Permission denied");
        assertNoWayOut("10.7.0.1", Errno.EINVAL, "Invalid argument");
    }

    private void assertNoWayOut(String destination, int errno, String ipSays) {
        Processes.Result ip = Processes.exec(Processes.nsenter(ns.path(), "ip", "route", "get", destination),
                Duration.ofSeconds(10));
        assertThat(ip.exitCode()).isNotZero();
        assertThat(ip.stderr()).contains("RTNETLINK answers: " + ipSays);
        assertThatThrownBy(() -> route.lookup(RouteLookup.to(IpAddresses.parse(destination))))
                .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(errno))
                .hasMessageContaining("RTM_GETROUTE " + destination);
        assertThat(route.routeTo(IpAddresses.parse(destination))).isEmpty();
    }

    @Test
    void aForwardedPacketFollowsThePolicyRulesByIifSourceAndMark() {
        // a packet arriving on v1 from 10.1.0.9 with mark 7 goes to table 100 (default via 10.1.0.1), while the
        // namespace's own packets to the same address take the main table; forwarding on for input lookups
        for (String command : List.of("sysctl -qw net.ipv4.ip_forward=1", "ip rule add fwmark 7 iif v1 priority 100"
                + " table 100", "ip route add default via 10.1.0.1 table 100")) {
            Oracle.run(ns, command.split(" "));
        }
        int v1 = route.links().stream().filter(l -> l.name().equals("v1")).findFirst().orElseThrow().index();
        RouteLookup forwarded = RouteLookup.to(IpAddresses.parse("10.66.0.1")).from(IpAddresses.parse("10.1.0.9"))
                .arrivingOn(v1).withMark(7);
        String ip = Oracle.run(ns, "ip", "-j", "route", "get", "fibmatch", "10.66.0.1", "from", "10.1.0.9", "iif",
                "v1", "mark", "7");
        RouteEntry ours = route.route(forwarded.matchingEntry()).orElseThrow();
        assertThat(ip).contains("\"table\":\"100\"", "\"gateway\":\"10.1.0.1\"");
        assertThat(ours.table()).isEqualTo(100);
        assertThat(IpAddresses.format(ours.gateway())).isEqualTo(field(ip, "gateway"));
        // without the mark the rule does not match: no route in the main table (ip says so too)
        assertThat(route.route(RouteLookup.to(IpAddresses.parse("10.66.0.1")).from(IpAddresses.parse("10.1.0.9"))
                .arrivingOn(v1).matchingEntry())).isEmpty();
        assertThatThrownBy(() -> Oracle.run(ns, "ip", "route", "get", "10.66.0.1", "from", "10.1.0.9", "iif", "v1"))
                .hasMessageContaining("unreachable");
    }
}
