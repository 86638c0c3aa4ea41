package io.github.netnsjunit.netlink.tc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Ingress redirection requests compared byte for byte with tc 6.1's, captured in {@code unshare --net} with an ifb
 * (ifindex 2) and a veth end v0 (ifindex 4): {@code strace -f -e trace=sendmsg -e write=3 tc qdisc add dev v0 handle
 * ffff: ingress}, {@code ... tc filter add dev v0 parent ffff: protocol all u32 match u32 0 0 action mirred egress
 * redirect dev ifb0} and {@code ... tc qdisc del dev v0 ingress}. Only the sequence number (tc's is the time) is
 * taken from tc's bytes.
 */
class IngressRedirectTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[^0-9a-fA-F]", ""));
    }

    private static String withSeqOf(byte[] ours, byte[] theirs) {
        byte[] out = ours.clone();
        System.arraycopy(theirs, 8, out, 8, 4);
        return HexFormat.of().formatHex(out);
    }

    @Test
    void ingressQdiscAddAndDeleteEqualTc() {
        byte[] add = hex("""
                30 00 00 00 24 00 05 06  fa f9 16 6b 00 00 00 00
                00 00 00 00 04 00 00 00  00 00 ff ff f1 ff ff ff
                00 00 00 00 0c 00 01 00  69 6e 67 72 65 73 73 00""");
        byte[] del = hex("""
                30 00 00 00 25 00 05 00  fb f9 16 6b 00 00 00 00
                00 00 00 00 04 00 00 00  00 00 ff ff f1 ff ff ff
                00 00 00 00 0c 00 01 00  69 6e 67 72 65 73 73 00""");
        assertThat(withSeqOf(IngressRedirect.addIngress(RequestBatch.offline(1), 4, "v0").bytes(), add))
                .isEqualTo(HexFormat.of().formatHex(add));
        assertThat(withSeqOf(IngressRedirect.deleteIngress(RequestBatch.offline(1), 4, "v0").bytes(), del))
                .isEqualTo(HexFormat.of().formatHex(del));
    }

    @Test
    void u32MirredRedirectEqualsTc() {
        byte[] tc = hex("""
                8c 00 00 00 2c 00 05 06  fb f9 16 6b 00 00 00 00
                00 00 00 00 04 00 00 00  00 00 00 00 00 00 ff ff
                00 03 00 00 08 00 01 00  75 33 32 00 60 00 02 00
                38 00 07 00 34 00 01 00  0b 00 01 00 6d 69 72 72
                65 64 00 00 24 00 02 80  20 00 02 00 00 00 00 00
                00 00 00 00 04 00 00 00  00 00 00 00 00 00 00 00
                01 00 00 00 02 00 00 00  24 00 05 00 01 00 01 00
                00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00
                00 00 00 00 00 00 00 00  00 00 00 00""");
        byte[] ours = IngressRedirect.redirectAll(RequestBatch.offline(1), 4, "v0", 2, "ifb0").bytes();
        assertThat(withSeqOf(ours, tc)).isEqualTo(HexFormat.of().formatHex(tc));
    }
}
