package io.github.netnsjunit.netlink.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PcapWriterTest {

    @Test
    void globalHeaderIsNanosecondPcapVersion24() {
        assertThat(HexFormat.of().formatHex(PcapWriter.globalHeader(1)))
                .isEqualTo("4d3cb2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000");
        assertThat(HexFormat.of().formatHex(PcapWriter.globalHeader(113))).endsWith("71000000");
    }

    @Test
    void recordHeaderHasSecondsNanosAndLengths() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, 1)) {
            w.write(1_700_000_000_123_456_789L, new byte[] {9, 1, 2, 3, 9}, 1, 3, 60);
        }
        String hex = HexFormat.of().formatHex(out.toByteArray());
        // 1700000000 = 0x6553f100, 123456789 = 0x075bcd15, incl 3, orig 60 (0x3c)
        assertThat(hex.substring(48)).isEqualTo("00f15365" + "15cd5b07" + "03000000" + "3c000000" + "010203");
    }

    @Test
    void cookedHeaderComesFromTheSockaddrLl() {
        byte[] ll = HexFormat.of().parseHex("1100" + "0800" + "05000000" + "0100" + "04" + "06"
                + "020000000001" + "0000");
        byte[] out = new byte[16];
        assertThat(CookedHeader.write(out, ll)).isEqualTo(16);
        // outgoing (4), ARPHRD_ETHER (1), 6 address bytes, the address padded to 8, protocol 0x0800
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("0004" + "0001" + "0006" + "0200000000010000" + "0800");
    }
}
