package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EchoCodecTest {
    private static final String DATA = "0102030405060708" + "1112131415161718"
            + "101112131415161718191a1b1c1d1e1f" + "202122232425262728292a2b2c2d2e2f"
            + "3031323334353637";

    @Test
    void ipv4RequestBytes() {
        byte[] packet = EchoCodec.request(false, 0x1234, 1, 0x0102030405060708L, 0x1112131415161718L);
        // type 8, code 0, checksum c68f (computed independently), id 1234, seq 0001, 56 data bytes
        assertThat(HexFormat.of().formatHex(packet)).isEqualTo("0800c68f12340001" + DATA);
    }

    @Test
    void ipv6RequestLeavesTheChecksumToTheKernel() {
        byte[] packet = EchoCodec.request(true, 0x1234, 0x0203, 0x0102030405060708L, 0x1112131415161718L);
        assertThat(HexFormat.of().formatHex(packet)).isEqualTo("8000000012340203" + DATA);
    }
}
