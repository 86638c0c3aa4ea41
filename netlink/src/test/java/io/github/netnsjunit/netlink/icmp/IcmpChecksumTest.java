package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class IcmpChecksumTest {

    @Test
    void rfc1071Example() {
        // RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2, whose complement is 220d
        byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertThat(IcmpChecksum.compute(data)).isEqualTo(0x220d);
    }

    @Test
    void oddLengthIsPaddedWithZero() {
        assertThat(IcmpChecksum.compute(HexFormat.of().parseHex("0001f203f4")))
                .isEqualTo(IcmpChecksum.compute(HexFormat.of().parseHex("0001f203f400")));
    }

    @Test
    void aPacketWithItsChecksumInPlaceSumsToZero() {
        byte[] packet = EchoCodec.request(false, 0xBEEF, 7, 123456789L, -1L);
        assertThat(IcmpChecksum.compute(packet)).isZero();
    }

    @Test
    void carriesAreFoldedMoreThanOnce() {
        // ffff + ffff + 0002 = 0x20000 -> 0x0002 after folding twice; complement fffd
        assertThat(IcmpChecksum.compute(HexFormat.of().parseHex("ffffffff0002"))).isEqualTo(0xfffd);
    }
}
