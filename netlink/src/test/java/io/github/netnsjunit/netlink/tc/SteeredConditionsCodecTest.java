package io.github.netnsjunit.netlink.tc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Requests of filtered conditions and burst loss compared byte for byte with what iproute2 6.1's {@code tc} sent,
 * captured on this machine inside {@code unshare --net} with a veth pair ({@code d0} is ifindex 2) by
 * {@code strace -f -e trace=sendmsg -e write=3 tc ...} (the hex of the one sendmsg; the sequence number is masked):
 * <pre>
 * htb-root.hex   tc qdisc add dev d0 root handle 1: htb
 * htb-class.hex  tc class add dev d0 parent 1: classid 1:1 htb rate 10gbit quantum 60000
 * u32-v4.hex     tc filter add dev d0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.0/24 match ip protocol 6 0xff match ip dport 8080 0xffff flowid 1:1
 * u32-v6.hex     tc filter add dev d0 parent 1: protocol ipv6 prio 2 u32 match ip6 src fd00::/64 match ip6 protocol 17 0xff match ip6 sport 53 0xffff flowid 1:1
 * netem-ge.hex   tc qdisc add dev d0 root handle 2: netem loss gemodel 1% 10% 70% 0.1%
 * </pre>
 * The kernel here has no netem ("Specified qdisc kind is unknown"), but tc had sent its request by then.
 */
class SteeredConditionsCodecTest {
    private static final int IFINDEX = 2;

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = SteeredConditionsCodecTest.class.getResourceAsStream("/tc/" + name)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    private static void assertEqualsTc(byte[] ours, String goldenName) throws IOException {
        byte[] tc = golden(goldenName);
        byte[] same = ours.clone();
        System.arraycopy(tc, 8, same, 8, 4);
        assertThat(HexFormat.of().formatHex(same)).isEqualTo(HexFormat.of().formatHex(tc));
    }

    @Test
    void htbRootEqualsTc() throws IOException {
        assertEqualsTc(SteeredConditions.rootQdisc(RequestBatch.offline(1), IFINDEX, "d0", new Htb(0)).bytes(),
                "htb-root.hex");
    }

    @Test
    void htbClassEqualsTcIncludingBothTables() throws IOException {
        assertEqualsTc(SteeredConditions.htbClass(RequestBatch.offline(1), IFINDEX, "d0", SteeredConditions.ROOT,
                SteeredConditions.CONDITIONS_CLASS, new HtbClass(10_000_000_000L, 60_000)).bytes(), "htb-class.hex");
    }

    @Test
    void u32FilterForAPrefixProtocolAndPortEqualsTc() throws IOException {
        TrafficMatch m = new TrafficMatch(IpPrefix.parse("10.0.0.0/24"), null, TrafficMatch.Protocol.TCP, 0, 8080, 0);
        List<U32Filter> filters = m.u32Filters(1, SteeredConditions.CONDITIONS_CLASS);
        assertThat(filters).hasSize(1);
        assertEqualsTc(SteeredConditions.filter(RequestBatch.offline(1), IFINDEX, "d0", SteeredConditions.ROOT,
                filters.get(0)).bytes(), "u32-v4.hex");
    }

    @Test
    void u32FilterForAnIpv6SourcePrefixAndSourcePortEqualsTc() throws IOException {
        TrafficMatch m = new TrafficMatch(null, IpPrefix.parse("fd00::/64"), TrafficMatch.Protocol.UDP, 53, 0, 0);
        List<U32Filter> filters = m.u32Filters(1, SteeredConditions.CONDITIONS_CLASS); // IPv6: prio + 1
        assertThat(filters).hasSize(1);
        assertEqualsTc(SteeredConditions.filter(RequestBatch.offline(1), IFINDEX, "d0", SteeredConditions.ROOT,
                filters.get(0)).bytes(), "u32-v6.hex");
    }

    @Test
    void netemGilbertElliottEqualsTc() throws IOException {
        Netem ge = new Netem(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Netem.DEFAULT_LIMIT, 0, false,
                new GilbertElliott(1, 10, 70, 0.1));
        byte[] ours = TrafficControl.add(RequestBatch.offline(1), IFINDEX, "d0", ge).bytes();
        ours[36 - 12] = 0; // tc gave handle 2: (bytes 24..27 of the tcmsg), our root qdisc lets the kernel choose
        ours[36 - 12 + 2] = 2;
        assertEqualsTc(ours, "netem-ge.hex");
        assertThat(ge.toString()).contains("loss gemodel 1% 10% 70% 0.1%");
    }

    @Test
    void aPortOnEitherSideIsTwoFiltersPerProtocolAndFamily() {
        TrafficMatch m = new TrafficMatch(null, null, TrafficMatch.Protocol.ANY, 0, 0, 8080);
        List<U32Filter> filters = m.u32Filters(1, SteeredConditions.CONDITIONS_CLASS);
        // IPv4 and IPv6, TCP and UDP, source and destination
        assertThat(filters).hasSize(8);
        assertThat(filters.get(0).keys()).containsExactly(new U32Filter.Key(0x00ff0000, 0x00060000, 8),
                new U32Filter.Key(0xffff0000, 8080 << 16, 20));
        assertThat(filters.get(1).keys()).containsExactly(new U32Filter.Key(0x00ff0000, 0x00060000, 8),
                new U32Filter.Key(0x0000ffff, 8080, 20));
    }

    @Test
    void contradictingMatchesAndPortsOnIcmpAreRefused() {
        assertThatThrownBy(() -> U32Filter.builder(0x0800, 1, 1).u8(9, 6, 0xff).u8(9, 17, 0xff))
                .hasMessageContaining("contradict");
        assertThatThrownBy(() -> new TrafficMatch(null, null, TrafficMatch.Protocol.ICMP, 0, 80, 0))
                .hasMessageContaining("ICMP has no ports");
    }
}
