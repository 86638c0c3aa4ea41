package io.github.netnsjunit.netlink.route;

import static io.github.netnsjunit.netlink.route.IprouteBytes.hex;
import static io.github.netnsjunit.netlink.route.IprouteBytes.normalised;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.socket.RequestBatch;
import org.junit.jupiter.api.Test;

/**
 * Our ifb request against iproute2's, byte for byte. Golden bytes captured with
 * {@code unshare --net sh -c 'strace -f -e trace=sendmsg -e write=3 ip link add name ifb0 type ifb'} (iproute2 6.1,
 * see {@link IprouteBytes} for the normalisation of the sequence number and the kind's NUL).
 */
class IfbLinkTest {

    @Test
    void noInfoDataNestAsInIp() {
        byte[] ip = hex("""
                38 00 00 00 10 00 05 06  fc f6 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                09 00 03 00 69 66 62 30  00 00 00 00 0c 00 12 00
                07 00 01 00 69 66 62 00""");
        byte[] ours = new RouteChanges(RequestBatch.offline(1)).addLink("ifb0", 0, IfbLink.KIND, 0, null).batch()
                .bytes();
        assertThat(normalised(ours)).isEqualTo(normalised(ip));
    }

    @Test
    void describesItselfInIpWords() {
        assertThat(IfbLink.KIND.kind()).isEqualTo("ifb");
        assertThat(IfbLink.KIND.describe()).isEqualTo("type ifb");
    }
}
