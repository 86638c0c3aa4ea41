package io.github.netnsjunit.netlink.tc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.Errno;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.TcpEcho;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Conditions for part of the traffic in the kernel ({@link SteeredConditions}): htb root, a class, its qdisc and u32
 * filters, checked with {@code tc -j} and with real transfers. The rate part is live, with tbf; netem's is live only
 * where the kernel has it ({@code CONFIG_NET_SCH_NETEM}), its requests being checked byte for byte in
 * {@link SteeredConditionsCodecTest}.
 */
class SteeredConditionsIT {
    private static final InetAddress B = IpAddresses.parse("10.9.0.2");

    @Test
    void aRateForPort8080SlowsOnlyPort8080() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            NamespaceHandle a = pair.a();
            int v0 = a.callUnchecked(() -> Native.ifNameToIndex("v0"));
            TrafficMatch port8080 = new TrafficMatch(null, null, TrafficMatch.Protocol.TCP, 0, 8080, 0);
            // 1 Mbit/s with tbf's bucket of 16 KiB, queue of 100 frames
            TrafficControl.of(a).replaceSteered(v0, "v0", new Tbf(1_000_000, 16 * 1024, 151_400), port8080);

            String filters = Oracle.run(a, "tc", "-j", "filter", "show", "dev", "v0");
            assertThat(filters).contains("\"kind\":\"u32\"").contains("\"flowid\":\"1:1\"")
                    .contains("\"value\":\"1f90\",\"mask\":\"ffff\",\"offmask\":\"\",\"off\":20")
                    .contains("\"value\":\"60000\",\"mask\":\"ff0000\",\"offmask\":\"\",\"off\":8");
            // tc 6.1 prints htb classes as text even with -j
            assertThat(Oracle.run(a, "tc", "class", "show", "dev", "v0")).contains("class htb 1:1 root leaf a:")
                    .contains("rate 10Gbit");
            assertThat(Oracle.run(a, "tc", "-j", "qdisc", "show", "dev", "v0")).contains("\"kind\":\"htb\"")
                    .contains("\"kind\":\"tbf\"").contains("\"parent\":\"1:1\"");

            int bytes = 200_000; // 1.6 Mbit: 1.6 s at 1 Mbit/s, a few ms unshaped
            long slow = transferMillis(pair, 8080, bytes);
            long fast = transferMillis(pair, 8081, bytes);
            String stats = Oracle.run(a, "tc", "-s", "-j", "qdisc", "show", "dev", "v0");
            System.out.printf("200,000 bytes to port 8080 (1 Mbit/s): %d ms, to port 8081: %d ms; %s%n", slow, fast, stats);
            assertThat(slow).isBetween(1300L, 4000L);
            assertThat(fast).isLessThan(300L);
            // the tbf counted port 8080's segments (≥ the payload) and not port 8081's (htb's direct queue took those)
            java.util.regex.Matcher tbf = java.util.regex.Pattern
                    .compile("\"kind\":\"tbf\".*?\"bytes\":(\\d+)").matcher(stats);
            assertThat(tbf.find()).isTrue();
            assertThat(Long.parseLong(tbf.group(1))).isBetween((long) bytes, (long) bytes * 13 / 10);
            java.util.regex.Matcher htb = java.util.regex.Pattern
                    .compile("\"direct_packets_stat\":(\\d+)").matcher(stats);
            assertThat(htb.find()).isTrue();
            assertThat(Long.parseLong(htb.group(1))).isGreaterThan(bytes / 65536);

            // replacing is clean: the old tree goes first
            TrafficControl.of(a).replaceSteered(v0, "v0", new Tbf(8_000_000, 16 * 1024, 151_400), port8080);
            // one filter per family (IPv4, IPv6), not the old ones as well
            assertThat(Oracle.run(a, "tc", "-j", "filter", "show", "dev", "v0").split("\"flowid\"")).hasSize(3);
            TrafficControl.of(a).deleteRoot(v0, "v0");
            assertThat(Oracle.run(a, "tc", "-j", "qdisc", "show", "dev", "v0")).doesNotContain("htb");
        }
    }

    @Test
    void netemUnderTheClassWhereTheKernelHasIt() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            NamespaceHandle a = pair.a();
            int v0 = a.callUnchecked(() -> Native.ifNameToIndex("v0"));
            TrafficMatch udp = new TrafficMatch(null, null, TrafficMatch.Protocol.UDP, 0, 0, 0);
            Netem delay = Netem.delay(50_000_000);
            try {
                TrafficControl.of(a).replaceSteered(v0, "v0", delay, udp);
            } catch (NetlinkException e) {
                assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                // nothing half-built stays behind: the batch stopped at the netem qdisc
                TrafficControl.of(a).deleteRoot(v0, "v0");
                throw new TestAbortedException("netem under an htb class needs the kernel's netem qdisc, which this"
                        + " kernel lacks (CONFIG_NET_SCH_NETEM; module sch_netem); kernel said: " + e.getMessage());
            }
            assertThat(Oracle.run(a, "tc", "-j", "qdisc", "show", "dev", "v0")).contains("\"kind\":\"netem\"");
        }
    }

    private static long transferMillis(LinkedPair pair, int port, int bytes) throws Exception {
        return TcpEcho.transferMillis(pair.a(), pair.b(), B, port, bytes);
    }
}
