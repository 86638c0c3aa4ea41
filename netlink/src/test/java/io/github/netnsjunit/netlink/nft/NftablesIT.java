package io.github.netnsjunit.netlink.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.msg.Netlink;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.socket.NetlinkSocket;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recipes applied in a fresh namespace, checked with the nft binary as an independent oracle. */
class NftablesIT {
    private NamespaceHandle ns;
    private Nftables nft;

    @BeforeEach
    void setUp() {
        ns = NamespaceHandle.create("nftit");
        nft = new Nftables(ns);
    }

    @AfterEach
    void tearDown() {
        ns.close();
    }

    /** {@code nft -j list ruleset} without whitespace, for simple substring checks. */
    private String json() {
        return Oracle.run(ns, "nft", "-j", "list", "ruleset").replaceAll("\\s+", "");
    }

    private String text() {
        return Oracle.run(ns, "nft", "list", "ruleset");
    }

    @Test
    void masqueradeRecipe() {
        nft.apply(NatRules.masquerade("nat", IpPrefix.parse("192.168.88.0/24"), "br01", true));
        String text = text();
        System.out.println("nft list ruleset after NatRules.masquerade:\n" + text);
        assertThat(text)
                .contains("table ip nat {")
                .contains("chain postrouting {")
                .contains("type nat hook postrouting priority srcnat; policy accept;")
                .contains("ip saddr 192.168.88.0/24 oifname \"br01\" ip daddr != 192.168.88.0/24 masquerade");
        assertThat(json())
                .contains("{\"table\":{\"family\":\"ip\",\"name\":\"nat\"")
                .contains("\"type\":\"nat\",\"hook\":\"postrouting\",\"prio\":100,\"policy\":\"accept\"")
                .contains("{\"masquerade\":null}");
        assertThat(nft.rules(Nft.NFPROTO_IPV4, "nat"))
                .containsExactly("ip saddr 192.168.88.0/24 oifname \"br01\" ip daddr != 192.168.88.0/24 masquerade");
    }

    @Test
    void masqueradeRecipeWithoutInterfaceAndSubnetCheck() {
        nft.apply(NatRules.masquerade("nat", IpPrefix.parse("10.1.0.0/16"), "", false));
        assertThat(text()).contains("ip saddr 10.1.0.0/16 masquerade");
        assertThat(nft.rules(Nft.NFPROTO_IPV4, "nat")).containsExactly("ip saddr 10.1.0.0/16 masquerade");
    }

    @Test
    void ipv6MasqueradeRecipe() {
        nft.apply(NatRules.masquerade("nat6", IpPrefix.parse("fd00:88::/64"), "br01", true));
        String text = text();
        assertThat(text).contains("table ip6 nat6 {")
                .contains("ip6 saddr fd00:88::/64 oifname \"br01\" ip6 daddr != fd00:88::/64 masquerade");
        assertThat(json()).contains("{\"table\":{\"family\":\"ip6\",\"name\":\"nat6\"");
        assertThat(nft.rules(Nft.NFPROTO_IPV6, "nat6"))
                .containsExactly("ip6 saddr fd00:88::/64 oifname \"br01\" ip6 daddr != fd00:88::/64 masquerade");
    }

    @Test
    void forwardAcceptRecipe() {
        nft.apply(NatRules.forwardAccept("fwd", "br01"));
        String text = text();
        assertThat(text).contains("table inet fwd {")
                .contains("type filter hook forward priority filter; policy accept;")
                .contains("iifname \"br01\" accept")
                .contains("oifname \"br01\" ct state established,related accept");
        assertThat(json()).contains("{\"table\":{\"family\":\"inet\",\"name\":\"fwd\"")
                .contains("\"hook\":\"forward\",\"prio\":0,\"policy\":\"accept\"");
        assertThat(nft.rules(Nft.NFPROTO_INET, "fwd"))
                .containsExactly("iifname \"br01\" accept", "oifname \"br01\" ct state established,related accept");
    }

    @Test
    void dnatRecipe() {
        nft.apply(NatRules.dnat("pf", TransportProtocol.TCP, 8080,
                new InetSocketAddress(IpAddresses.parse("192.168.88.12"), 80), "eth0"));
        String text = text();
        System.out.println("nft list ruleset after NatRules.dnat:\n" + text);
        assertThat(text).contains("type nat hook prerouting priority dstnat; policy accept;")
                .contains("type nat hook output priority -100; policy accept;")
                .contains("iifname \"eth0\" tcp dport 8080 dnat to 192.168.88.12:80")
                .contains("oifname \"lo\" tcp dport 8080 dnat to 192.168.88.12:80");
        assertThat(json()).contains("\"hook\":\"prerouting\",\"prio\":-100").contains("\"hook\":\"output\",\"prio\":-100")
                .contains("\"dnat\":{\"addr\":\"192.168.88.12\",\"port\":80}");
        assertThat(nft.rules(Nft.NFPROTO_IPV4, "pf")).containsExactly(
                "iifname \"eth0\" meta l4proto tcp th dport 8080 dnat to 192.168.88.12:80",
                "oifname \"lo\" meta l4proto tcp th dport 8080 dnat to 192.168.88.12:80");
    }

    @Test
    void ipv6DnatRecipe() {
        nft.apply(NatRules.dnat("pf6", TransportProtocol.UDP, 53,
                new InetSocketAddress(IpAddresses.parse("fd00::12"), 5353), ""));
        assertThat(text()).contains("table ip6 pf6 {").contains("udp dport 53 dnat to [fd00::12]:5353");
        assertThat(nft.rules(Nft.NFPROTO_IPV6, "pf6")).containsExactly(
                "meta l4proto udp th dport 53 dnat to [fd00::12]:5353",
                "oifname \"lo\" meta l4proto udp th dport 53 dnat to [fd00::12]:5353");
    }

    @Test
    void ruleIntoMissingChainFailsTheWholeBatch() {
        NftBatch batch = new NftBatch()
                .add(Table.of(Nft.NFPROTO_IPV4, "atomic"))
                .add(Rule.of(Nft.NFPROTO_IPV4, "atomic", "nochain", Immediate.accept()));
        assertThatThrownBy(() -> nft.apply(batch))
                .isInstanceOf(NetlinkException.class)
                .hasMessageContaining("NFT_MSG_NEWRULE ip atomic nochain: accept")
                .hasMessageContaining("in netns nftit")
                .hasMessageContaining("ENOENT");
        assertThat(nft.tables()).isEmpty();
        assertThat(Oracle.run(ns, "nft", "list", "tables")).isBlank();
    }

    @Test
    void exclusiveDuplicateTableIsEexist() {
        nft.apply(new NftBatch().add(Table.of(Nft.NFPROTO_INET, "dup")));
        nft.apply(new NftBatch().add(Table.of(Nft.NFPROTO_INET, "dup"))); // without EXCL: a no-op
        assertThatThrownBy(() -> nft.apply(new NftBatch().addExclusive(Table.of(Nft.NFPROTO_INET, "dup"))))
                .isInstanceOf(NetlinkException.class)
                .hasMessageContaining("NFT_MSG_NEWTABLE inet dup (exclusive)")
                .hasMessageContaining("EEXIST");
        assertThat(nft.tables()).extracting(TableInfo::name).containsExactly("dup");
    }

    @Test
    void deleteTableIsIdempotent() {
        nft.apply(NatRules.forwardAccept("gone", "x0"));
        assertThat(Oracle.run(ns, "nft", "list", "tables")).contains("table inet gone");
        nft.deleteTable(Nft.NFPROTO_INET, "gone");
        assertThat(Oracle.run(ns, "nft", "list", "tables")).isBlank();
        nft.deleteTable(Nft.NFPROTO_INET, "gone"); // absent: fine
        // the DELTABLE fallback reports ENOENT for an absent table; deleteTable hides it, a raw batch does not
        assertThatThrownBy(() -> nft.apply(new NftBatch().deleteTable(Nft.NFPROTO_INET, "gone")))
                .hasMessageContaining("NFT_MSG_DELTABLE inet gone").hasMessageContaining("ENOENT");
    }

    @Test
    void tablesAreListedWithFamilies() {
        nft.apply(NatRules.masquerade("n4", IpPrefix.parse("10.0.0.0/8"), "", false)
                .addAll(NatRules.masquerade("n6", IpPrefix.parse("fd00::/8"), "", false)));
        assertThat(nft.tables()).extracting(TableInfo::toString)
                .containsExactlyInAnyOrder("table ip n4", "table ip6 n6");
    }

    @Test
    void ownedTableVanishesWithItsSocket() throws Throwable {
        assertThat(nft.ownerFlagSupported()).isTrue();
        NetlinkSocket second = ns.call(() -> NetlinkSocket.open(Netlink.NETLINK_NETFILTER, ns.name()));
        try {
            ApplyResult r = new Nftables(second).apply(NatRules.masquerade("mine", IpPrefix.parse("10.9.0.0/24"), "", false)
                    .owned());
            assertThat(r.ownerFlagDropped()).isFalse();
            assertThat(Oracle.run(ns, "nft", "list", "tables")).contains("table ip mine");
            assertThat(nft.tables()).singleElement().satisfies(t -> {
                assertThat(t.isOwned()).isTrue();
                assertThat(t.ownerPortId()).isNotZero();
            });
            // another socket may read but not change it
            assertThatThrownBy(() -> nft.apply(new NftBatch().deleteTable(Nft.NFPROTO_IPV4, "mine")))
                    .hasMessageContaining("EPERM");
        } finally {
            second.close();
        }
        assertThat(Oracle.run(ns, "nft", "list", "tables")).isBlank();
        assertThat(nft.tables()).isEmpty();
    }
}
