package io.github.netnsjunit.netlink.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The {@code struct sockaddr_ll} the shared AF_PACKET socket binds with, against the layout of linux/if_packet.h:
 * {@code sll_family} (host order), {@code sll_protocol} (network order), {@code sll_ifindex} (host order), then
 * hatype, pkttype, halen and the address, which bind(2) ignores. tcpdump binds with the same (strace -e trace=bind
 * tcpdump -i lo: {@code sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=..., 20}).
 */
class PacketSocketTest {
    @Test
    void sockaddrLlForBindMatchesTheKernelLayout() {
        String expected = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                ? "1100" + "0003" + "07000000" + "0000" + "00" + "00" + "0000000000000000"
                : "0011" + "0003" + "00000007" + "0000" + "00" + "00" + "0000000000000000";
        assertThat(HexFormat.of().formatHex(PacketSocket.sockaddrLl(7))).isEqualTo(expected);
        assertThat(PacketSocket.sockaddrLl(7)).hasSize(PacketSocket.SOCKADDR_LL_LENGTH);
    }

    @Test
    void readsIfindexAndPacketTypeOfAReceivedAddress() {
        byte[] received = HexFormat.of().parseHex("1100" + "0800" + "05000000" + "0100" + "04" + "06" + "0a0b0c0d0e0f0000");
        assertThat(PacketSocket.ifindexOf(received)).isEqualTo(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 5 : 0x05000000);
        assertThat(PacketSocket.packetTypeOf(received)).isEqualTo(PacketSocket.PACKET_OUTGOING);
    }
}
