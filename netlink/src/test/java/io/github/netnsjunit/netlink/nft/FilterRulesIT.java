package io.github.netnsjunit.netlink.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault recipes in two linked namespaces: rules checked with {@code nft list ruleset} inside the namespace, and
 * their effect with real connections (a drop makes a connect time out, a reject refuses it at once).
 */
class FilterRulesIT {

    private static String connect(LinkedPair pair, String address, int port, int timeoutMillis) {
        return pair.b().callUnchecked(() -> {
            long start = System.nanoTime();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(IpAddresses.parse(address), port), timeoutMillis);
                return "connected";
            } catch (SocketTimeoutException e) {
                return "timeout";
            } catch (IOException e) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                return "refused after " + (ms < 500 ? "<500ms" : ms + "ms") + ": " + e.getMessage();
            }
        });
    }

    @Test
    void blockDropsAndRejectRefusesAndTheTableUndoesThem() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            try (ServerSocket server = pair.a().callUnchecked(() -> new ServerSocket(8080, 50,
                    IpAddresses.parse("10.9.0.1")))) {
                Nftables nft = new Nftables(pair.b());
                assertThat(connect(pair, "10.9.0.1", 8080, 2000)).isEqualTo("connected");

                nft.apply(FilterRules.block("netns_junit_b1", IpAddresses.parse("10.9.0.1"), 8080, false));
                String rules = Oracle.run(pair.b(), "nft", "list", "ruleset");
                assertThat(rules).contains("table ip netns_junit_b1")
                        .contains("type filter hook output priority filter; policy accept;")
                        .contains("ip daddr 10.9.0.1 tcp dport 8080 counter packets 0 bytes 0 drop")
                        .contains("ip daddr 10.9.0.1 udp dport 8080 counter packets 0 bytes 0 drop");
                assertThat(connect(pair, "10.9.0.1", 8080, 500)).isEqualTo("timeout");
                nft.deleteTable(Nft.NFPROTO_IPV4, "netns_junit_b1");
                assertThat(Oracle.run(pair.b(), "nft", "list", "ruleset")).doesNotContain("netns_junit_b1");
                assertThat(connect(pair, "10.9.0.1", 8080, 2000)).isEqualTo("connected");

                nft.apply(FilterRules.block("netns_junit_r1", IpAddresses.parse("10.9.0.1"), 8080, true));
                assertThat(Oracle.run(pair.b(), "nft", "list", "ruleset"))
                        .contains("ip daddr 10.9.0.1 tcp dport 8080 counter packets 0 bytes 0 reject with tcp reset");
                assertThat(connect(pair, "10.9.0.1", 8080, 2000)).startsWith("refused after <500ms");
                assertThat(nft.rules(Nft.NFPROTO_IPV4, "netns_junit_r1").get(0)).endsWith("reject with tcp reset");
                // one refused SYN, 60 bytes of IPv4 (Linux's SYN: 20 IP + 40 TCP with options), as nft itself counts
                assertThat(Oracle.run(pair.b(), "nft", "list", "ruleset"))
                        .contains("tcp dport 8080 counter packets 1 bytes 60 reject with tcp reset");
                assertThat(TableCounters.read(nft, Nft.NFPROTO_IPV4, "netns_junit_r1"))
                        .isEqualTo(new TableCounters(1, 60, 1));
            }
        }
    }

    @Test
    void dropAddressesCutsBothDirectionsOfOneNamespace() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            Nftables nft = new Nftables(pair.a());
            nft.apply(FilterRules.dropAddresses("netns_junit_p1",
                    List.of(IpAddresses.parse("10.9.0.2"), IpAddresses.parse("fd09::2")),
                    List.of(IpAddresses.parse("10.9.0.2"), IpAddresses.parse("fd09::2"))));
            String rules = Oracle.run(pair.a(), "nft", "list", "ruleset");
            assertThat(rules).contains("table ip netns_junit_p1").contains("table ip6 netns_junit_p1")
                    .contains("ip daddr 10.9.0.2 counter packets 0 bytes 0 drop")
                    .contains("ip saddr 10.9.0.2 counter packets 0 bytes 0 drop")
                    .contains("ip6 daddr fd09::2 counter packets 0 bytes 0 drop")
                    .contains("ip6 saddr fd09::2 counter packets 0 bytes 0 drop");
            assertThat(Oracle.run(pair.b(), "sh", "-c", "ping -c 1 -W 1 10.9.0.1 >/dev/null 2>&1; echo $?").trim())
                    .isEqualTo("1");
            nft.deleteTable(Nft.NFPROTO_IPV4, "netns_junit_p1");
            nft.deleteTable(Nft.NFPROTO_IPV6, "netns_junit_p1");
            assertThat(Oracle.run(pair.a(), "nft", "-j", "list", "ruleset")).doesNotContain("netns_junit_p1");
            assertThat(Oracle.run(pair.b(), "sh", "-c", "ping -c 1 -W 1 10.9.0.1 >/dev/null 2>&1; echo $?").trim())
                    .isEqualTo("0");
        }
    }

    @Test
    void partitionDropsOnInputAndOnForwardInBothFamilies() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            Nftables nft = new Nftables(pair.a());
            nft.apply(FilterRules.partition("netns_junit_p2",
                    List.of(IpAddresses.parse("10.9.0.2"), IpAddresses.parse("fd09::2"))));
            String rules = Oracle.run(pair.a(), "nft", "list", "ruleset");
            assertThat(rules).contains("table ip netns_junit_p2").contains("table ip6 netns_junit_p2")
                    .contains("type filter hook input priority filter; policy accept;")
                    .contains("type filter hook forward priority filter; policy accept;")
                    .contains("ip saddr 10.9.0.2 counter packets 0 bytes 0 drop")
                    .contains("ip daddr 10.9.0.2 counter packets 0 bytes 0 drop")
                    .contains("ip6 saddr fd09::2 counter packets 0 bytes 0 drop")
                    .contains("ip6 daddr fd09::2 counter packets 0 bytes 0 drop")
                    .doesNotContain("hook output");
            assertThat(Oracle.run(pair.b(), "sh", "-c", "ping -c 1 -W 1 10.9.0.1 >/dev/null 2>&1; echo $?").trim())
                    .isEqualTo("1");
            nft.deleteTable(Nft.NFPROTO_IPV4, "netns_junit_p2");
            nft.deleteTable(Nft.NFPROTO_IPV6, "netns_junit_p2");
            assertThat(Oracle.run(pair.a(), "nft", "-j", "list", "ruleset")).doesNotContain("netns_junit_p2");
        }
    }
}
