package io.github.netnsjunit.netlink.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes from the netlink reference (sections 2.3, 2.7, 2.8), which were accepted by a live kernel and
 * match iproute2's strace. The changes are written into an offline
 * {@link RequestBatch}: nothing is sent.
 */
class RouteChangesTest {
    /** An offline batch: encoded only, sequence numbers from 1. */
    private static RouteChanges changes() {
        return new RouteChanges(RequestBatch.offline(1));
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[^0-9a-fA-F]", ""));
    }

    /** Clears the sequence number (bytes 8..11) so that golden bytes compare regardless of the socket's counter. */
    private static String withoutSeq(byte[] message) {
        byte[] copy = message.clone();
        copy[8] = copy[9] = copy[10] = copy[11] = 0;
        return HexFormat.of().formatHex(copy);
    }

    @Test
    void vethWithPeerInAnotherNamespace() {
        byte[] bytes = changes()
                .addLink("v1a", 0, new VethLink("v1b", 4, "other", 0, 0, null), 0, null).batch().bytes();
        byte[] golden = hex("""
                60 00 00 00 10 00 05 06 01 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                08 00 03 00 76 31 61 00
                38 00 12 80
                09 00 01 00 76 65 74 68 00 00 00 00
                28 00 02 80
                24 00 01 00
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                08 00 03 00 76 31 62 00
                08 00 1c 00 04 00 00 00""");
        assertThat(withoutSeq(bytes)).isEqualTo(withoutSeq(golden));
    }

    @Test
    void ipv6AddressWithoutDuplicateAddressDetection() {
        byte[] bytes = changes().addAddress(2, "v", IpPrefix.parse("fd00:88::2/64")).batch().bytes();
        byte[] golden = hex("""
                34 00 00 00 14 00 05 06 0a 00 00 00 00 00 00 00 | 0a 40 00 00 02 00 00 00 |
                14 00 02 00 fd 00 00 88 00 00 00 00 00 00 00 00 00 00 00 02 | 08 00 08 00 02 00 00 00""");
        assertThat(withoutSeq(bytes)).isEqualTo(withoutSeq(golden));
    }

    @Test
    void ipv4AddressCarriesLocalAddressAndBroadcast() {
        byte[] bytes = changes().addAddress(3, "v", IpPrefix.parse("192.168.88.1/24")).batch().bytes();
        byte[] golden = hex("""
                30 00 00 00 14 00 05 06 00 00 00 00 00 00 00 00 | 02 18 00 00 03 00 00 00 |
                08 00 02 00 c0 a8 58 01 | 08 00 01 00 c0 a8 58 01 | 08 00 04 00 c0 a8 58 ff""");
        assertThat(withoutSeq(bytes)).isEqualTo(withoutSeq(golden));
    }

    @Test
    void defaultRouteViaGateway() {
        byte[] bytes = changes()
                .addRoute(IpPrefix.parse("0.0.0.0/0"), IpAddresses.parse("192.168.88.1"), 2, "veth01").batch().bytes();
        byte[] golden = hex("""
                2c 00 00 00 18 00 05 06 09 00 00 00 00 00 00 00
                02 00 00 00 fe 04 00 01 00 00 00 00
                08 00 05 00 c0 a8 58 01
                08 00 04 00 02 00 00 00""");
        assertThat(withoutSeq(bytes)).isEqualTo(withoutSeq(golden));
    }

    @Test
    void linkUpChangesOnlyTheUpFlag() {
        byte[] bytes = changes().linkUp(7, "veth0").batch().bytes();
        byte[] golden = hex("""
                20 00 00 00 10 00 05 00 00 00 00 00 00 00 00 00
                00 00 00 00 07 00 00 00 01 00 00 00 01 00 00 00""");
        assertThat(withoutSeq(bytes)).isEqualTo(withoutSeq(golden));
    }

    @Test
    void bridgeHasStpOff() {
        byte[] bytes = changes().addLink("br01", 0, BridgeLink.KIND, 0, null).batch().bytes();
        byte[] golden = hex("""
                50 00 00 00 10 00 05 06 00 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                09 00 03 00 62 72 30 31 00 00 00 00
                24 00 12 80
                0b 00 01 00 62 72 69 64 67 65 00 00
                14 00 02 80
                08 00 05 00 00 00 00 00
                08 00 01 00 00 00 00 00""");
        assertThat(withoutSeq(bytes)).isEqualTo(withoutSeq(golden));
    }

    @Test
    void manyChangesShareOneDatagramEachPaddedToFourBytes() {
        RouteChanges changes = changes()
                .linkUp(1, "lo")
                .addAddress(2, "veth0", IpPrefix.parse("172.18.0.2/24"))
                .addRoute(IpPrefix.parse("::/0"), IpAddresses.parse("fd00::1"), 2, "veth0");
        assertThat(changes.size()).isEqualTo(3);
        byte[] bytes = changes.batch().bytes();
        assertThat(bytes.length).isEqualTo(32 + 48 + (16 + 12 + 20 + 8));
        // NLM_F_REQUEST (0x1) on all; NLM_F_ACK (0x4) only on the last: the kernel reports failures without it
        assertThat(flagsAt(bytes, 0) & 0x5).isEqualTo(0x1);
        assertThat(flagsAt(bytes, 32) & 0x5).isEqualTo(0x1);
        assertThat(flagsAt(bytes, 80) & 0x5).isEqualTo(0x5);
    }

    private static int flagsAt(byte[] datagram, int messageStart) {
        return (datagram[messageStart + 6] & 0xff) | (datagram[messageStart + 7] & 0xff) << 8;
    }
}
