package io.github.netnsjunit.netlink.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.nft.ConnectionRules.Flows;
import io.github.netnsjunit.netlink.nft.ConnectionRules.Traffic;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Processes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connection fault recipes as the kernel keeps them: each applied in a namespace and read back with
 * {@code nft list ruleset}, whose decoding of our expressions ({@code ct} with a direction, {@code byteorder},
 * {@code numgen}, {@code exthdr} write) must give exactly the rule nft itself would write, IPv4 and IPv6.
 */
class ConnectionRulesIT {
    private static final Flows TCP4 = new Flows(IpAddresses.parse("10.9.0.1"), 8080, TransportProtocol.TCP);
    private static final Flows TCP6 = new Flows(IpAddresses.parse("fd09::1"), 443, TransportProtocol.TCP);
    private static final Flows UDP4 = new Flows(IpAddresses.parse("10.9.0.1"), 53, TransportProtocol.UDP);

    private static String applied(LinkedPair pair, NftBatch batch) {
        new Nftables(pair.b()).apply(batch);
        String rules = Oracle.run(pair.b(), "nft", "list", "ruleset");
        new Nftables(pair.b()).deleteTable(Nft.NFPROTO_IPV4, "netns_junit_c");
        new Nftables(pair.b()).deleteTable(Nft.NFPROTO_IPV6, "netns_junit_c");
        assertThat(Oracle.run(pair.b(), "nft", "list", "ruleset")).doesNotContain("netns_junit_c");
        return rules;
    }

    @Test
    void everyRecipeReadsBackAsTheRuleNftWouldWrite() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            assertThat(applied(pair, ConnectionRules.reset("netns_junit_c", TCP4))).contains(
                    "ip daddr 10.9.0.1 tcp dport 8080 ct state untracked tcp flags ! rst tcp flags set rst | ack accept",
                    "ip daddr 10.9.0.1 tcp sport 8080 ct state untracked tcp flags ! rst tcp flags set rst | ack accept",
                    "ip daddr 10.9.0.1 tcp dport 8080 tcp flags ! rst counter packets 0 bytes 0 dup to 10.9.0.1 reject"
                            + " with tcp reset",
                    "ip daddr 10.9.0.1 tcp sport 8080 tcp flags ! rst counter packets 0 bytes 0 dup to 10.9.0.1 reject"
                            + " with tcp reset",
                    "ip saddr 10.9.0.1 tcp dport 8080 tcp flags syn / syn,ack counter packets 0 bytes 0 reject with"
                            + " tcp reset");
            assertThat(applied(pair, ConnectionRules.resetAfterBytes("netns_junit_c", TCP6, 5000, Traffic.SENT)))
                    .contains("ip6 daddr fd09::1 tcp dport 443 ct state untracked tcp flags ! rst tcp flags set rst"
                                    + " | ack accept",
                            "ip6 daddr fd09::1 tcp dport 443 tcp flags ! rst ct original bytes > 5000 counter packets 0"
                                    + " bytes 0 dup to fd09::1 reject with tcp reset",
                            "ip6 daddr fd09::1 tcp sport 443 tcp flags ! rst ct reply bytes > 5000 counter");
            assertThat(applied(pair, ConnectionRules.hangAfterBytes("netns_junit_c", TCP4, 100, Traffic.BOTH)))
                    .contains("ip daddr 10.9.0.1 tcp dport 8080 ct bytes > 100 counter packets 0 bytes 0 drop",
                            "ip saddr 10.9.0.1 tcp sport 8080 ct bytes > 100 counter packets 0 bytes 0 drop");
            assertThat(applied(pair, ConnectionRules.failFirst("netns_junit_c", TCP6, 3))).contains(
                    "ip6 daddr fd09::1 tcp dport 443 tcp flags syn / syn,ack numgen inc mod 2147483647 < 3 counter");
            assertThat(applied(pair, ConnectionRules.clampSegments("netns_junit_c", TCP4, 536, Traffic.RECEIVED)))
                    .contains("ip daddr 10.9.0.1 tcp dport 8080 tcp flags & syn == syn counter packets 0 bytes 0 tcp"
                            + " option maxseg size set 536")
                    .doesNotContain("chain input");
            assertThat(applied(pair, ConnectionRules.dropDatagramsAfter("netns_junit_c", UDP4, 4, Traffic.RECEIVED)))
                    .contains("ip saddr 10.9.0.1 udp sport 53 ct reply packets > 4 counter packets 0 bytes 0 drop",
                            "ip saddr 10.9.0.1 udp dport 53 ct original packets > 4 counter packets 0 bytes 0 drop")
                    .doesNotContain("chain output");
        }
    }

    /**
     * The two rules that reset the peer too, expression for expression what nft itself makes of the same rule text
     * ({@code nft --debug=netlink}), down to the checksum fix of the flags write.
     */
    @Test
    void theRulesResettingBothEndsAreExpressionForExpressionNftsOwn() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            new Nftables(pair.b()).apply(ConnectionRules.resetAfterBytes("netns_junit_c", TCP4, 5000, Traffic.SENT));
            String ours = Oracle.run(pair.b(), "nft", "--debug=netlink", "list", "chain", "ip", "netns_junit_c",
                    "output");
            new Nftables(pair.b()).deleteTable(Nft.NFPROTO_IPV4, "netns_junit_c");
            Oracle.run(pair.b(), "nft", "add table ip netns_junit_c; add chain ip netns_junit_c output { type filter"
                    + " hook output priority 0; policy accept; }; add rule ip netns_junit_c output ip daddr 10.9.0.1"
                    + " tcp dport 8080 ct state untracked tcp flags & rst == 0 tcp flags set rst,ack accept; add rule ip"
                    + " netns_junit_c output ip daddr 10.9.0.1 tcp dport 8080 tcp flags & rst == 0 ct original bytes >"
                    + " 5000 counter dup to 10.9.0.1 reject with tcp reset");
            String nfts = Oracle.run(pair.b(), "nft", "--debug=netlink", "list", "chain", "ip", "netns_junit_c",
                    "output");
            new Nftables(pair.b()).deleteTable(Nft.NFPROTO_IPV4, "netns_junit_c");
            assertThat(expressionsOfRule(ours, 0)).isEqualTo(expressionsOfRule(nfts, 0))
                    .contains("[ payload write reg 1 => 2b @ transport header + 12 csum_type 1 csum_off 16 csum_flags"
                            + " 0x0 ]");
            assertThat(expressionsOfRule(ours, 2)).isEqualTo(expressionsOfRule(nfts, 1)).contains("[ dup sreg_addr 1 ]");
        }
    }

    /**
     * {@link ConnectionRules.PeerCopy#NONE}, the way left where the kernel refuses payload writes: the rules of before
     * the copy (no {@code dup}, no rewrite). And the kernel fact behind it, by nft itself in an unprivileged user
     * namespace ({@code unshare -Urn}): {@code tcp flags set} is refused with EPERM, {@code dup} is not.
     */
    @Test
    void withoutTheCopyTheRulesAreTheRejectsAloneAsAnUnprivilegedUserNamespaceNeeds() throws Exception {
        try (LinkedPair pair = new LinkedPair()) {
            assertThat(applied(pair, ConnectionRules.resetAfterBytes("netns_junit_c", TCP4, 5000, Traffic.SENT,
                    ConnectionRules.PeerCopy.NONE)))
                    .contains("ip daddr 10.9.0.1 tcp dport 8080 tcp flags ! rst ct original bytes > 5000 counter packets"
                            + " 0 bytes 0 reject with tcp reset")
                    .doesNotContain("dup to", "untracked", "tcp flags set");
        }
        String setup = "add table ip t; add chain ip t o { type filter hook output priority 0; }; ";
        Processes.Result rewrite = Processes.exec(List.of("unshare", "-Urn", "nft", setup
                + "add rule ip t o ip daddr 10.9.0.1 tcp dport 8080 tcp flags set rst,ack accept"),
                Duration.ofSeconds(30));
        assertThat(rewrite.exitCode()).isNotZero();
        assertThat(rewrite.stderr()).contains("Operation not permitted");
        Processes.Result dup = Processes.exec(List.of("unshare", "-Urn", "nft", setup
                + "add rule ip t o ip daddr 10.9.0.1 tcp dport 8080 dup to 10.9.0.1 reject with tcp reset"),
                Duration.ofSeconds(30));
        assertThat(dup.exitCode()).as(dup.stderr()).isZero();
    }

    /** The "[ ... ]" expression lines of the index-th rule in nft --debug=netlink output. */
    private static java.util.List<String> expressionsOfRule(String debug, int index) {
        java.util.List<java.util.List<String>> rules = new java.util.ArrayList<>();
        for (String line : debug.lines().toList()) {
            if (line.startsWith("ip ") || line.startsWith("ip6 ")) {
                rules.add(new java.util.ArrayList<>());
            } else if (line.trim().startsWith("[") && !rules.isEmpty()) {
                rules.get(rules.size() - 1).add(line.trim().replaceAll("pkts \\d+ bytes \\d+", "pkts bytes"));
            }
        }
        return rules.get(index);
    }

    @Test
    void recipesRefuseWhatTheyCannotDo() {
        assertThatThrownBy(() -> ConnectionRules.reset("t", UDP4)).hasMessage(
                "connection faults are for TCP flows, not UDP");
        assertThatThrownBy(() -> ConnectionRules.dropDatagramsAfter("t", TCP4, 1, Traffic.BOTH)).hasMessage(
                "datagram faults are for UDP flows, not TCP");
        assertThatThrownBy(() -> ConnectionRules.failFirst("t", TCP4, 0)).hasMessage(
                "attempts must be at least 1, not 0");
        assertThatThrownBy(() -> new Flows(IpAddresses.parse("10.9.0.1"), 0, TransportProtocol.TCP)).hasMessage(
                "port must be 1..65535, not 0");
    }
}
