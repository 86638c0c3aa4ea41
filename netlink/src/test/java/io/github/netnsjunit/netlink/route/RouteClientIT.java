package io.github.netnsjunit.netlink.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.addr.MacAddress;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rtnetlink against the live kernel, in fresh namespaces, checked with iproute2 run inside them. */
class RouteClientIT {
    private NamespaceHandle a;
    private NamespaceHandle b;
    private RouteClient ra;
    private RouteClient rb;

    @BeforeEach
    void namespaces() {
        List<NamespaceHandle> both = NamespaceHandle.createAll(List.of("a", "b"), n -> { });
        a = both.get(0);
        b = both.get(1);
        ra = RouteClient.of(a);
        rb = RouteClient.of(b);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** Seed 1 by netlink: veth0 in a, veth1 created directly in b, addresses, up; then ping at once. */
    private void joinWithVeth() {
        ra.changes()
                .addLink("veth0", 10, new VethLink("veth1", b.fd(), "b", 11, 0, null), 0, null)
                .execute();
        ra.changes().linkUp(1, "lo").addAddress(10, "veth0", IpPrefix.parse("172.18.0.2/24"))
                .addAddress(10, "veth0", IpPrefix.parse("fd00::2/64")).linkUp(10, "veth0").send().await();
        rb.changes().linkUp(1, "lo").addAddress(11, "veth1", IpPrefix.parse("172.18.0.3/24"))
                .addAddress(11, "veth1", IpPrefix.parse("fd00::3/64")).linkUp(11, "veth1").execute();
        ra.awaitOperational(List.of("veth0"), Duration.ofSeconds(3));
        rb.awaitOperational(List.of("veth1"), Duration.ofSeconds(3));
    }

    @Test
    void vethAcrossNamespacesCarriesTheFirstPing() {
        joinWithVeth();
        String linksB = Oracle.run(b, "ip", "-j", "link", "show", "veth1");
        assertThat(linksB).contains("\"ifindex\":11").contains("\"operstate\":\"UP\"").contains("\"link_index\":10");
        assertThat(Oracle.run(a, "ip", "-j", "addr", "show", "veth0"))
                .contains("\"local\":\"172.18.0.2\",\"prefixlen\":24")
                .contains("\"local\":\"fd00::2\",\"prefixlen\":64");
        // no DAD: the IPv6 address is usable at once
        assertThat(Oracle.run(a, "ip", "-6", "-j", "addr", "show", "veth0"))
                .contains("\"local\":\"fd00::2\",\"prefixlen\":64,\"scope\":\"global\",\"nodad\":true,");
        // the very first echo must be answered (no linkwatch stall, no lost packet)
        assertThat(Oracle.run(b, "ping", "-c", "1", "-W", "1", "172.18.0.2")).contains("1 received");
        assertThat(Oracle.run(b, "ping", "-6", "-c", "1", "-W", "1", "fd00::2")).contains("1 received");
    }

    @Test
    void queriesMatchIproute2() {
        joinWithVeth();
        Oracle.run(b, "ping", "-c", "1", "-W", "1", "172.18.0.2");
        Link veth1 = rb.requireLink("veth1");
        assertThat(veth1.index()).isEqualTo(11);
        assertThat(veth1.kind()).isEqualTo("veth");
        assertThat(veth1.peerIndex()).isEqualTo(10);
        assertThat(veth1.isOperational()).isTrue();
        assertThat(Oracle.run(b, "ip", "-j", "link", "show", "veth1")).contains("\"address\":\"" + veth1.mac() + "\"");
        assertThat(rb.addresses()).extracting(Address::prefix)
                .contains(IpPrefix.parse("172.18.0.3/24"), IpPrefix.parse("fd00::3/64"), IpPrefix.parse("127.0.0.1/8"));
        MacAddress macA = ra.requireLink("veth0").mac();
        assertThat(rb.neighbours()).anySatisfy(n -> {
            assertThat(n.address()).isEqualTo(IpAddresses.parse("172.18.0.2"));
            assertThat(n.mac()).isEqualTo(macA);
        });
        assertThat(Oracle.run(b, "ip", "-j", "neigh", "show")).contains("\"lladdr\":\"" + macA + "\"");
        assertThat(rb.routes()).anySatisfy(r -> assertThat(r.destination()).isEqualTo(IpPrefix.parse("172.18.0.0/24")));
    }

    @Test
    void routesViaGatewayAndDevice() {
        joinWithVeth();
        rb.addRoute(IpPrefix.parse("0.0.0.0/0"), IpAddresses.parse("172.18.0.2"), "");
        rb.addRoute(IpPrefix.parse("10.20.0.0/16"), null, "veth1");
        rb.addRoute(IpPrefix.parse("::/0"), IpAddresses.parse("fd00::2"), "veth1");
        String json = Oracle.run(b, "ip", "-j", "route", "show");
        assertThat(json).contains("{\"dst\":\"default\",\"gateway\":\"172.18.0.2\",\"dev\":\"veth1\",\"protocol\":\"static\"")
                .contains("{\"dst\":\"10.20.0.0/16\",\"dev\":\"veth1\",\"protocol\":\"static\",\"scope\":\"link\"");
        assertThat(Oracle.run(b, "ip", "-6", "-j", "route", "show")).contains("\"dst\":\"default\",\"gateway\":\"fd00::2\"");
        assertThat(rb.routes()).anySatisfy(r -> {
            assertThat(r.isDefault()).isTrue();
            assertThat(r.gateway()).isEqualTo(IpAddresses.parse("172.18.0.2"));
            assertThat(r.format("veth1")).isEqualTo("default via 172.18.0.2 dev veth1");
        });
        rb.changes().deleteRoute(IpPrefix.parse("10.20.0.0/16"), null, 11, "veth1").execute();
        assertThat(Oracle.run(b, "ip", "-j", "route", "show")).doesNotContain("10.20.0.0/16");
    }

    /** Seed 2: the addressed veth becomes a bridge port, the bridge learns the peer's MAC, the address moves. */
    @Test
    void bridgePortLearningAndAddressMove() {
        joinWithVeth();
        ra.changes().addLink("br0", 20, BridgeLink.KIND, 0, null).execute();
        ra.setMaster("veth0", "br0");
        ra.linkUp("br0");
        ra.awaitOperational(List.of("br0"), Duration.ofSeconds(3));
        assertThat(Oracle.run(a, "ip", "-j", "-d", "link", "show", "br0")).contains("\"stp_state\":0");
        assertThat(Oracle.run(a, "ip", "-j", "link", "show", "veth0")).contains("\"master\":\"br0\"");
        // the address stays on the port, so replies go to the bridge: unreachable, like in the seed
        assertThat(Oracle.run(b, "sh", "-c", "ping -c 1 -W 1 172.18.0.2 || true")).contains("0 received");
        MacAddress macB = rb.requireLink("veth1").mac();
        assertThat(ra.fdb("br0")).anySatisfy(e -> {
            assertThat(e.mac()).isEqualTo(macB);
            assertThat(e.isLearned()).isTrue();
        });
        assertThat(Oracle.run(a, "bridge", "-j", "fdb", "show", "br", "br0")).contains("\"mac\":\"" + macB + "\"");
        ra.deleteAddress("veth0", IpPrefix.parse("172.18.0.2/24"));
        ra.addAddress("br0", IpPrefix.parse("172.18.0.2/24"));
        assertThat(Oracle.run(b, "ping", "-c", "1", "-W", "1", "172.18.0.2")).contains("1 received");
    }

    @Test
    void linkDownAndUpAndDelete() {
        joinWithVeth();
        ra.linkDown("veth0");
        assertThat(Oracle.run(b, "ip", "-j", "link", "show", "veth1")).contains("\"flags\":[\"NO-CARRIER\",");
        ra.linkUp("veth0");
        rb.awaitOperational(List.of("veth1"), Duration.ofSeconds(3));
        ra.deleteLink("veth0");
        assertThat(ra.link("veth0")).isEmpty();
        assertThat(Oracle.run(a, "ip", "-o", "link").lines()).hasSize(1);
    }

    @Test
    void duplicateLinkIsEexist() {
        joinWithVeth();
        assertThatThrownBy(() -> ra.changes().addLink("veth0", 0, BridgeLink.KIND, 0, null).execute())
                .isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_NEWLINK veth0 type bridge stp_state 0 in netns a: EEXIST (File exists)");
    }

    @Test
    void unknownDeviceIsEnodev() {
        assertThatThrownBy(() -> ra.linkUp("nosuch0"))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_NEWLINK nosuch0 up in netns a: ENODEV (No such device)")
                .satisfies(e -> assertThat(((NetlinkException) e).errnoName()).isEqualTo("ENODEV"));
    }

    @Test
    void gatewayOutsideEveryPrefixIsRejectedWithTheKernelsText() {
        joinWithVeth();
        assertThatThrownBy(() -> rb.addRoute(IpPrefix.parse("0.0.0.0/0"), IpAddresses.parse("10.99.0.1"), "veth1"))
                .isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_NEWROUTE default via 10.99.0.1 dev veth1 in netns b: ENETUNREACH (Nexthop has invalid gateway)");
    }

    @Test
    void nameOverFifteenBytesIsErange() {
        assertThatThrownBy(() -> ra.changes().addLink("a-name-too-long0", 0, BridgeLink.KIND, 0, null).execute())
                .isInstanceOf(NetlinkException.class)
                .hasMessage("RTM_NEWLINK a-name-too-long0 type bridge stp_state 0 in netns a: ERANGE (Attribute failed policy validation)");
    }

    @Test
    void duplicateAddressCarriesExtendedAck() {
        joinWithVeth();
        assertThatThrownBy(() -> ra.addAddress("veth0", IpPrefix.parse("172.18.0.2/24")))
                .hasMessage("RTM_NEWADDR 172.18.0.2/24 dev veth0 in netns a: EEXIST (ipv4: Address already assigned)");
    }

    @Test
    void failuresInOneBatchAreAllReported() {
        assertThatThrownBy(() -> ra.changes().linkUp(0, "nosuch0").linkUp(1, "lo").linkUp(0, "nosuch1").execute())
                .hasMessage("RTM_NEWLINK nosuch0 up in netns a: ENODEV (No such device)")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .extracting(Throwable::getMessage).isEqualTo("RTM_NEWLINK nosuch1 up in netns a: ENODEV (No such device)"));
        // the valid request in between was applied
        assertThat(Oracle.run(a, "ip", "-j", "link", "show", "lo")).contains("\"operstate\":\"UNKNOWN\"").contains("UP");
    }

    @Test
    void mtuAndMac() {
        joinWithVeth();
        MacAddress mac = MacAddress.parse("02:00:00:00:00:42");
        ra.changes().setMtu(10, "veth0", 1400).setMac(10, "veth0", mac).execute();
        assertThat(Oracle.run(a, "ip", "-j", "link", "show", "veth0"))
                .contains("\"mtu\":1400").contains("\"address\":\"02:00:00:00:00:42\"");
    }

    @Test
    void oneLinkIsLookedUpByNameWithoutADump() {
        joinWithVeth();
        Link veth = ra.link("veth0").orElseThrow();
        // oracle: ip inside the namespace reports the same index and name
        assertThat(Oracle.run(a, "ip", "-j", "link", "show", "veth0")).contains("\"ifindex\":" + veth.index())
                .contains("\"ifname\":\"veth0\"");
        assertThat(ra.link("nosuch0")).isEmpty();
        assertThat(ra.link("a-name-too-long0")).isEmpty();
        assertThatThrownBy(() -> ra.requireLink("nosuch0"))
                .hasMessage("lookup of link nosuch0 in netns a: ENODEV (no link named \"nosuch0\")");
    }
}
