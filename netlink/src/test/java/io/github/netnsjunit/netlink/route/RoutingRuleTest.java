package io.github.netnsjunit.netlink.route;

import static io.github.netnsjunit.netlink.route.IprouteBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Policy routing requests against iproute2 6.1's, byte for byte. Captured with {@code strace -f -e trace=sendmsg
 * -e write=3 ip [-6] rule add ...} / {@code ip route add ... table T} (the exact command above each test) inside
 * {@code unshare --net}, with a veth pair eth0/eth1 (eth0 = ifindex 3). Only the sequence number is cleared.
 */
class RoutingRuleTest {

    private static String withoutSeq(byte[] message) {
        byte[] copy = message.clone();
        copy[8] = copy[9] = copy[10] = copy[11] = 0;
        return HexFormat.of().formatHex(copy);
    }

    private static RouteChanges changes() {
        return new RouteChanges(RequestBatch.offline(1));
    }

    /** {@code ip rule add from 10.0.0.0/24 to 10.1.0.0/16 fwmark 0x1/0xff iif eth0 oif eth1 priority 100 table 100}. */
    @Test
    void everySelector() {
        byte[] ip = hex("""
                5c 00 00 00 20 00 05 06  b0 e1 16 6b 00 00 00 00
                02 10 18 00 64 00 00 01  00 00 00 00 08 00 02 00
                0a 00 00 00 08 00 01 00  0a 01 00 00 08 00 0a 00
                01 00 00 00 08 00 10 00  ff 00 00 00 09 00 03 00
                65 74 68 30 00 00 00 00  09 00 11 00 65 74 68 31
                00 00 00 00 08 00 06 00  64 00 00 00""");
        RoutingRule rule = new RoutingRule(2, IpPrefix.parse("10.0.0.0/24"), IpPrefix.parse("10.1.0.0/16"), 1, 0xff,
                "eth0", "eth1", 100, 100);
        assertThat(withoutSeq(changes().addRule(rule).batch().bytes())).isEqualTo(withoutSeq(ip));
        assertThat(rule).hasToString(
                "from 10.0.0.0/24 to 10.1.0.0/16 fwmark 0x1/0xff iif eth0 oif eth1 priority 100 table 100");
    }

    /** {@code ip rule add from 10.2.0.0/24 priority 200 table 200}. */
    @Test
    void sourceOnly() {
        byte[] ip = hex("""
                2c 00 00 00 20 00 05 06  b0 e1 16 6b 00 00 00 00
                02 00 18 00 c8 00 00 01  00 00 00 00 08 00 02 00
                0a 02 00 00 08 00 06 00  c8 00 00 00""");
        RoutingRule rule = new RoutingRule(2, IpPrefix.parse("10.2.0.0/24"), null, null, null, null, null, 200, 200);
        assertThat(withoutSeq(changes().addRule(rule).batch().bytes())).isEqualTo(withoutSeq(ip));
    }

    /** {@code ip -6 rule add from fd00::/64 priority 300 table 300}: a table above 255 travels in FRA_TABLE. */
    @Test
    void ipv6AndALargeTable() {
        byte[] ip = hex("""
                40 00 00 00 20 00 05 06  b0 e1 16 6b 00 00 00 00
                0a 00 40 00 00 00 00 01  00 00 00 00 14 00 02 00
                fd 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 06 00 2c 01 00 00  08 00 0f 00 2c 01 00 00""");
        RoutingRule rule = new RoutingRule(10, IpPrefix.parse("fd00::/64"), null, null, null, null, null, 300, 300);
        assertThat(withoutSeq(changes().addRule(rule).batch().bytes())).isEqualTo(withoutSeq(ip));
    }

    /** {@code ip rule add pref 0 unreachable} and {@code ip -6 rule add pref 0 unreachable}. */
    @Test
    void unreachableInBothFamilies() {
        byte[] ip = hex("""
                24 00 00 00 20 00 05 06  c3 4b 17 6b 00 00 00 00
                02 00 00 00 00 00 00 07  00 00 00 00 08 00 06 00
                00 00 00 00""");
        byte[] ip6 = hex("""
                24 00 00 00 20 00 05 06  c3 4b 17 6b 00 00 00 00
                0a 00 00 00 00 00 00 07  00 00 00 00 08 00 06 00
                00 00 00 00""");
        UnreachableRule v4 = new UnreachableRule(2, 0);
        UnreachableRule v6 = new UnreachableRule(10, 0);
        assertThat(withoutSeq(changes().addRule(v4).batch().bytes())).isEqualTo(withoutSeq(ip));
        assertThat(withoutSeq(changes().addRule(v6).batch().bytes())).isEqualTo(withoutSeq(ip6));
        assertThat(v4).hasToString("priority 0 unreachable");
        assertThat(v6).hasToString("-6 priority 0 unreachable");
    }

    /** {@code ip rule del pref 0 lookup local}: ip leaves the action unset; ours says "to table", which also matches. */
    @Test
    void deleteTheLocalRule() {
        byte[] ip = hex("""
                24 00 00 00 21 00 05 00  c3 4b 17 6b 00 00 00 00
                02 00 00 00 ff 00 00 00  00 00 00 00 08 00 06 00
                00 00 00 00""");
        byte[] ours = changes().deleteRule(new RoutingRule(2, null, null, null, null, null, null, 0, 255)).batch()
                .bytes();
        ip[16 + 7] = (byte) Rtnl.FR_ACT_TO_TBL; // the one difference, the action byte of struct fib_rule_hdr
        assertThat(withoutSeq(ours)).isEqualTo(withoutSeq(ip));
    }

    /** {@code ip route add 10.9.0.0/16 via 10.5.0.2 dev eth0 table 100 proto static} (ours are proto static). */
    @Test
    void routeInASmallTable() {
        byte[] ip = hex("""
                34 00 00 00 18 00 05 06  b0 e1 16 6b 00 00 00 00
                02 10 00 00 64 04 00 01  00 00 00 00 08 00 01 00
                0a 09 00 00 08 00 05 00  0a 05 00 02 08 00 04 00
                03 00 00 00""");
        byte[] ours = changes().addRoute(IpPrefix.parse("10.9.0.0/16"), IpAddresses.parse("10.5.0.2"), 3, "eth0", 100)
                .batch().bytes();
        assertThat(withoutSeq(ours)).isEqualTo(withoutSeq(ip));
    }

    /** {@code ip route add 10.9.0.0/16 via 10.5.0.2 dev eth0 table 300 proto static}. */
    @Test
    void routeInALargeTable() {
        byte[] ip = hex("""
                3c 00 00 00 18 00 05 06  b0 e1 16 6b 00 00 00 00
                02 10 00 00 00 04 00 01  00 00 00 00 08 00 01 00
                0a 09 00 00 08 00 05 00  0a 05 00 02 08 00 0f 00
                2c 01 00 00 08 00 04 00  03 00 00 00""");
        byte[] ours = changes().addRoute(IpPrefix.parse("10.9.0.0/16"), IpAddresses.parse("10.5.0.2"), 3, "eth0", 300)
                .batch().bytes();
        assertThat(withoutSeq(ours)).isEqualTo(withoutSeq(ip));
    }
}
