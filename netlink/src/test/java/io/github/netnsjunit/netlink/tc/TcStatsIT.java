package io.github.netnsjunit.netlink.tc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Counters read with {@link TrafficControl#qdiscStats} / {@link TrafficControl#classStats} against {@code tc -s}'s on
 * the same link, after real traffic.
 */
class TcStatsIT {
    private static final InetAddress B = IpAddresses.parse("10.9.0.2");

    @Test
    void aTbfRootCountsWhatTcCountsAndEveryPing() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            NamespaceHandle a = pair.a();
            int v0 = a.callUnchecked(() -> Native.ifNameToIndex("v0"));
            TrafficControl tc = TrafficControl.of(a);
            tc.replaceRoot(v0, "v0", new Tbf(8_000_000, 16 * 1024, 151_400));
            TcStats before = root(tc, v0);
            Oracle.run(a, "ping", "-c", "5", "-i", "0.05", "-W", "1", "10.9.0.2");

            TcStats ours = root(tc, v0);
            String json = Oracle.run(a, "tc", "-s", "-j", "qdisc", "show", "dev", "v0");
            assertThat(ours.packets()).isEqualTo(number(json, "packets"));
            assertThat(ours.bytes()).isEqualTo(number(json, "bytes"));
            assertThat(ours.drops()).isEqualTo(number(json, "drops"));
            // 5 echo requests of 98 bytes each (Ethernet + IPv4 + ICMP + 56), and what a link just brought up sends
            // besides (at most 110 bytes each): an ARP request, IPv6 duplicate-address probes, MLD reports, a router
            // solicitation — up to 4 of them once in CI (9 packets), so up to 7 allowed
            TcStats pings = ours.since(before);
            assertThat(pings.packets()).isBetween(5L, 12L);
            assertThat(pings.bytes() - 5 * 98).isBetween(0L, (pings.packets() - 5) * 110);
            tc.deleteRoot(v0, "v0");
        }
    }

    @Test
    void aSteeredClassCountsOnlyTheMatchingDatagrams() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            NamespaceHandle a = pair.a();
            int v0 = a.callUnchecked(() -> Native.ifNameToIndex("v0"));
            TrafficControl tc = TrafficControl.of(a);
            TrafficMatch port9000 = new TrafficMatch(null, null, TrafficMatch.Protocol.UDP, 0, 9000, 0);
            tc.replaceSteered(v0, "v0", new Tbf(8_000_000, 16 * 1024, 151_400), port9000);
            Oracle.run(a, "ping", "-c", "1", "-W", "1", "10.9.0.2"); // resolve the neighbour first

            try (DatagramSocket s = a.callUnchecked(DatagramSocket::new)) {
                byte[] p = new byte[100];
                for (int i = 0; i < 7; i++) {
                    s.send(new DatagramPacket(p, p.length, new InetSocketAddress(B, 9000)));
                }
                for (int i = 0; i < 4; i++) {
                    s.send(new DatagramPacket(p, p.length, new InetSocketAddress(B, 9001)));
                }
            }
            Thread.sleep(100);
            TcStats conditions = tc.classStats(v0).stream()
                    .filter(e -> e.header().handle() == SteeredConditions.CONDITIONS_CLASS).findFirst().orElseThrow()
                    .stats();
            // 7 datagrams of 14 + 20 + 8 + 100 bytes, none of the 4 to port 9001, nor the ping
            assertThat(conditions.packets()).isEqualTo(7);
            assertThat(conditions.bytes()).isEqualTo(7 * 142);
            // tc 6.1 prints htb classes as text even with -j
            String text = Oracle.run(a, "tc", "-s", "class", "show", "dev", "v0");
            assertThat(text).contains("class htb 1:1 ").contains("Sent 994 bytes 7 pkt (dropped 0,");
            tc.deleteRoot(v0, "v0");
        }
    }

    private static TcStats root(TrafficControl tc, int ifindex) {
        return tc.qdiscStats(ifindex).stream().filter(e -> e.header().parent() == Tc.TC_H_ROOT).findFirst()
                .orElseThrow().stats();
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
