package io.github.netnsjunit.netlink.route;

import static io.github.netnsjunit.netlink.route.IprouteBytes.hex;
import static io.github.netnsjunit.netlink.route.IprouteBytes.normalised;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.socket.RequestBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our macvlan requests against iproute2's, byte for byte. Golden bytes captured with
 * {@code strace -f -e trace=sendmsg -e write=3 ip link add link v0 name mv0 [mtu 1400] type macvlan mode MODE}
 * inside {@code unshare --net}, v0 being ifindex 3 (see {@link IprouteBytes} for the capture and normalisation).
 */
class MacvlanLinkTest {

    private static byte[] request(MacvlanLink kind, int mtu) {
        return new RouteChanges(RequestBatch.offline(1)).addLink("mv0", 0, kind, mtu, null).batch().bytes();
    }

    @ParameterizedTest
    @CsvSource({"BRIDGE, 04", "PRIVATE, 01", "VEPA, 02", "PASSTHRU, 08"})
    void everyModeAsIpWritesIt(MacvlanLink.Mode mode, String modeByte) {
        byte[] ip = hex("""
                4c 00 00 00 10 00 05 06  00 dd 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 05 00 03 00 00 00  08 00 03 00 6d 76 30 00
                1c 00 12 00 0b 00 01 00  6d 61 63 76 6c 61 6e 00
                0c 00 02 00 08 00 01 00""" + modeByte + " 00 00 00");
        assertThat(normalised(request(new MacvlanLink(3, "v0", mode), 0))).isEqualTo(normalised(ip));
    }

    @Test
    void mtuComesBeforeTheParentAsInIp() {
        byte[] ip = hex("""
                54 00 00 00 10 00 05 06  00 dd 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 04 00 78 05 00 00  08 00 05 00 03 00 00 00
                08 00 03 00 6d 76 30 00  1c 00 12 00 0b 00 01 00
                6d 61 63 76 6c 61 6e 00  0c 00 02 00 08 00 01 00
                04 00 00 00""");
        assertThat(normalised(request(new MacvlanLink(3, "v0", MacvlanLink.Mode.BRIDGE), 1400)))
                .isEqualTo(normalised(ip));
    }

    /**
     * {@code ip link add link v0 name mv0 netns other type macvlan mode bridge}, captured in {@code unshare --net
     * --mount} with a tmpfs on /run so that {@code ip netns add other} left nothing behind; ip's fd of "other" was 4.
     */
    @Test
    void createdStraightIntoAnotherNamespace() {
        byte[] ip = hex("""
                54 00 00 00 10 00 05 06  3c de 16 6b 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                08 00 1c 00 04 00 00 00  08 00 05 00 03 00 00 00
                08 00 03 00 6d 76 30 00  1c 00 12 00 0b 00 01 00
                6d 61 63 76 6c 61 6e 00  0c 00 02 00 08 00 01 00
                04 00 00 00""");
        MacvlanLink kind = new MacvlanLink(3, "v0", MacvlanLink.Mode.BRIDGE, 4, "other");
        assertThat(normalised(request(kind, 0))).isEqualTo(normalised(ip));
        assertThat(kind.describe()).isEqualTo("link v0 netns other type macvlan mode bridge");
    }

    @Test
    void describesItselfInIpWords() {
        assertThat(new MacvlanLink(3, "v0", MacvlanLink.Mode.PASSTHRU).describe())
                .isEqualTo("link v0 type macvlan mode passthru");
        assertThatThrownBy(() -> new MacvlanLink(0, "v0", MacvlanLink.Mode.BRIDGE))
                .hasMessage("a macvlan needs its parent's ifindex, got 0");
    }
}
