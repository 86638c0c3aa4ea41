package io.github.netnsjunit.netlink.route;

import static io.github.netnsjunit.netlink.route.IprouteBytes.hex;
import static io.github.netnsjunit.netlink.route.IprouteBytes.normalised;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import org.junit.jupiter.api.Test;

/**
 * Our VXLAN requests against iproute2's, byte for byte. Golden bytes captured with {@code strace -f -e
 * trace=sendmsg -e write=3 ip link add vx0 [mtu 1400] type vxlan ...} (the exact command above each test) inside
 * {@code unshare --net}, the underlay v0 being ifindex 3 (see {@link IprouteBytes} for the capture and
 * normalisation).
 */
class VxlanLinkTest {

    private static byte[] request(VxlanLink kind, int mtu) {
        return new RouteChanges(RequestBatch.offline(1)).addLink("vx0", 0, kind, mtu, null).batch().bytes();
    }

    /** {@code ip link add vx0 type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dev v0 dstport 4789 nolearning}. */
    @Test
    void unicastRemoteOverADevice() {
        byte[] ip = hex("""
                6c 00 00 00 10 00 05 06  00 dd 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 03 00 76 78 30 00  44 00 12 00 09 00 01 00
                76 78 6c 61 6e 00 00 00  34 00 02 00 08 00 03 00
                03 00 00 00 08 00 01 00  2a 00 00 00 08 00 04 00
                0a 00 00 01 08 00 02 00  0a 00 00 02 05 00 07 00
                00 00 00 00 06 00 0f 00  12 b5 00 00""");
        VxlanLink kind = new VxlanLink(42, IpAddresses.parse("10.0.0.1"), IpAddresses.parse("10.0.0.2"), 3, "v0",
                4789, false);
        assertThat(normalised(request(kind, 0))).isEqualTo(normalised(ip));
        assertThat(kind.describe()).isEqualTo("type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dev v0 dstport 4789 nolearning");
    }

    /** {@code ip link add vx0 type vxlan id 42 group 239.1.1.1 dev v0 dstport 4789 learning}. */
    @Test
    void multicastGroup() {
        byte[] ip = hex("""
                64 00 00 00 10 00 05 06  00 dd 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 03 00 76 78 30 00  3c 00 12 00 09 00 01 00
                76 78 6c 61 6e 00 00 00  2c 00 02 00 08 00 03 00
                03 00 00 00 08 00 01 00  2a 00 00 00 08 00 02 00
                ef 01 01 01 05 00 07 00  01 00 00 00 06 00 0f 00
                12 b5 00 00""");
        VxlanLink kind = new VxlanLink(42, null, IpAddresses.parse("239.1.1.1"), 3, "v0", 4789, true);
        assertThat(normalised(request(kind, 0))).isEqualTo(normalised(ip));
        assertThat(kind.describe()).isEqualTo("type vxlan id 42 group 239.1.1.1 dev v0 dstport 4789 learning");
    }

    /** {@code ip link add vx0 type vxlan id 7 local fd00::1 remote fd00::2 dstport 4789 learning}. */
    @Test
    void ipv6Underlay() {
        byte[] ip = hex("""
                7c 00 00 00 10 00 05 06  00 dd 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 03 00 76 78 30 00  54 00 12 00 09 00 01 00
                76 78 6c 61 6e 00 00 00  44 00 02 00 08 00 01 00
                07 00 00 00 14 00 11 00  fd 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 01  14 00 10 00 fd 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 02 05 00 07 00
                01 00 00 00 06 00 0f 00  12 b5 00 00""");
        VxlanLink kind = new VxlanLink(7, IpAddresses.parse("fd00::1"), IpAddresses.parse("fd00::2"), 0, null, 4789,
                true);
        assertThat(normalised(request(kind, 0))).isEqualTo(normalised(ip));
    }

    /** {@code ip link add vx0 mtu 1400 type vxlan id 7 remote 10.0.0.2 dstport 8472 learning}. */
    @Test
    void mtuAndLinuxPort() {
        byte[] ip = hex("""
                64 00 00 00 10 00 05 06  00 dd 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 04 00 78 05 00 00  08 00 03 00 76 78 30 00
                34 00 12 00 09 00 01 00  76 78 6c 61 6e 00 00 00
                24 00 02 00 08 00 01 00  07 00 00 00 08 00 02 00
                0a 00 00 02 05 00 07 00  01 00 00 00 06 00 0f 00
                21 18 00 00""");
        VxlanLink kind = new VxlanLink(7, null, IpAddresses.parse("10.0.0.2"), 0, null, 8472, true);
        assertThat(normalised(request(kind, 1400))).isEqualTo(normalised(ip));
    }
}
