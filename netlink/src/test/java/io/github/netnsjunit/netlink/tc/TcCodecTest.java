package io.github.netnsjunit.netlink.tc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.route.RouteChanges;
import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Requests compared byte for byte with what iproute2 6.1's {@code tc} sent for the same command, captured with
 * {@code strace -f -e trace=sendmsg -e write=3 tc qdisc ...} inside a scratch namespace on this machine (the
 * resources under {@code tc/}; ifindex 3, the netlink sequence number is masked). The kernel here refuses netem
 * ("Specified qdisc kind is unknown"), but tc had sent its request by then.
 */
class TcCodecTest {
    private static final int IFINDEX = 3;

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = TcCodecTest.class.getResourceAsStream("/tc/" + name)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    /** Our bytes with tc's sequence number, which is the only field that differs run to run. */
    private static byte[] withSeqOf(byte[] ours, byte[] theirs) {
        byte[] out = ours.clone();
        System.arraycopy(theirs, 8, out, 8, 4);
        return out;
    }

    private static Netem netem(long delayMs, long jitterMs, double delayCorr, double loss, double dup, double reorder,
            double corrupt, long rate, int limit, boolean times64) {
        return new Netem(delayMs * 1_000_000, jitterMs * 1_000_000, delayCorr, loss, 0, dup, 0, reorder, corrupt, rate,
                limit, 0, times64);
    }

    @Test
    void netemDelayJitterLossEqualsTc() throws IOException {
        byte[] tc = golden("netem-delay-jitter-loss.hex");
        byte[] ours = TrafficControl.add(RequestBatch.offline(1), IFINDEX, "d0",
                netem(50, 5, 0, 1, 0, 0, 0, 0, 1000, false)).bytes();
        assertThat(HexFormat.of().formatHex(withSeqOf(ours, tc))).isEqualTo(HexFormat.of().formatHex(tc));
    }

    @Test
    void netemWithEveryOptionEqualsTc() throws IOException {
        // tc qdisc add dev d0 root netem delay 50ms 5ms 25% loss 1% duplicate 2% reorder 10% corrupt 0.5% rate 10mbit limit 2000
        byte[] tc = golden("netem-all.hex");
        byte[] ours = TrafficControl.add(RequestBatch.offline(1), IFINDEX, "d0",
                netem(50, 5, 25, 1, 2, 10, 0.5, 10_000_000, 2000, false)).bytes();
        assertThat(HexFormat.of().formatHex(withSeqOf(ours, tc))).isEqualTo(HexFormat.of().formatHex(tc));
    }

    @Test
    void preflightProbeEqualsTc() throws IOException {
        // the preflight's probe: tc qdisc add dev lo root netem limit 1000 (lo is ifindex 1 in a fresh namespace),
        // captured with strace -f -e trace=sendmsg -e write=3 inside unshare --net
        byte[] tc = golden("netem-limit-only.hex");
        byte[] ours = TrafficControl.add(RequestBatch.offline(1), 1, "lo",
                new Netem(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Netem.DEFAULT_LIMIT, 0, false)).bytes();
        assertThat(HexFormat.of().formatHex(withSeqOf(ours, tc))).isEqualTo(HexFormat.of().formatHex(tc));
    }

    @Test
    void netemTimes64AndSeedFollowTheStruct() throws IOException {
        byte[] tc = golden("netem-delay-jitter-loss.hex");
        Netem n = new Netem(50_000_000, 5_000_000, 0, 1, 0, 0, 0, 0, 0, 0, 1000, 42, true);
        MessageWriter w = new MessageWriter();
        n.writeOptions(w);
        ByteBuffer b = w.buffer().order(ByteOrder.nativeOrder());
        // the 24-byte struct equals tc's (it starts after the 16+20 header bytes, KIND 12 and the 4-byte OPTIONS header)
        byte[] struct = new byte[Netem.QOPT_LENGTH];
        b.get(struct);
        byte[] tcStruct = java.util.Arrays.copyOfRange(tc, 16 + 20 + 12 + 4, 16 + 20 + 12 + 4 + 24);
        assertThat(struct).isEqualTo(tcStruct);
        assertThat(b.getShort() & 0xffff).isEqualTo(12);
        assertThat(b.getShort() & 0xffff).isEqualTo(Netem.TCA_NETEM_LATENCY64);
        assertThat(b.getLong()).isEqualTo(50_000_000L);
        assertThat(b.getShort() & 0xffff).isEqualTo(12);
        assertThat(b.getShort() & 0xffff).isEqualTo(Netem.TCA_NETEM_JITTER64);
        assertThat(b.getLong()).isEqualTo(5_000_000L);
        assertThat(b.getShort() & 0xffff).isEqualTo(12);
        assertThat(b.getShort() & 0xffff).isEqualTo(Netem.TCA_NETEM_PRNG_SEED);
        assertThat(b.getLong()).isEqualTo(42L);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void tbfEqualsTcIncludingTheRateTable() throws IOException {
        // tc qdisc add dev d0 root tbf rate 8mbit burst 32kbit latency 50ms: limit = 1e6 B/s * 50 ms + 4096 = 54096
        byte[] tc = golden("tbf-8mbit.hex");
        byte[] ours = TrafficControl.add(RequestBatch.offline(1), IFINDEX, "d0", new Tbf(8_000_000, 4096, 54096)).bytes();
        assertThat(HexFormat.of().formatHex(withSeqOf(ours, tc))).isEqualTo(HexFormat.of().formatHex(tc));
    }

    @Test
    void replaceAndDeleteEqualTc() throws IOException {
        byte[] replace = golden("tbf-replace.hex");
        assertThat(withSeqOf(TrafficControl.replace(RequestBatch.offline(1), IFINDEX, "d0",
                new Tbf(8_000_000, 4096, 54096)).bytes(), replace)).isEqualTo(replace);
        byte[] del = golden("del-root.hex");
        assertThat(withSeqOf(TrafficControl.delete(RequestBatch.offline(1), IFINDEX, "d0").bytes(), del)).isEqualTo(del);
    }

    @Test
    void qdiscRequestsJoinALinkChangeInOneRtnetlinkBatch() throws IOException {
        // one batch model: tc and link changes are both rtnetlink, so one RequestBatch carries both in one datagram
        RouteChanges changes = new RouteChanges(RequestBatch.offline(1)).linkUp(IFINDEX, "d0");
        TrafficControl.replace(changes.batch(), IFINDEX, "d0", new Tbf(8_000_000, 4096, 54096));
        byte[] datagram = changes.batch().bytes();
        byte[] replace = golden("tbf-replace.hex");
        int linkUp = 32; // nlmsghdr + ifinfomsg, no attribute: the link is named by its index
        assertThat(datagram).hasSize(linkUp + replace.length);
        assertThat(datagram[6] & 0x4).as("the first request's ACK flag is taken away").isZero();
        byte[] second = java.util.Arrays.copyOfRange(datagram, linkUp, datagram.length);
        assertThat(HexFormat.of().formatHex(withSeqOf(second, replace))).isEqualTo(HexFormat.of().formatHex(replace));
    }

    @Test
    void tcmsgRoundTrips() {
        MessageWriter w = new MessageWriter();
        new TcMsg(0, 7, 0x10000, Tc.TC_H_ROOT, 0).write(w);
        assertThat(w.size()).isEqualTo(TcMsg.LENGTH);
        assertThat(TcMsg.parse(w.buffer())).isEqualTo(new TcMsg(0, 7, 0x10000, Tc.TC_H_ROOT, 0));
    }

    @Test
    void probabilitiesAndTicksFollowIproute2() {
        assertThat(Tc.probability(1)).isEqualTo(0x028f5c29);
        assertThat(Tc.probability(100)).isEqualTo(0xFFFFFFFF);
        assertThat(Tc.ticks(50_000)).isEqualTo(0x000bebc2);
    }

    @Test
    void netemRefusesWhatTheKernelWould() {
        assertThatThrownBy(() -> new Netem(0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 1000, 0, true))
                .hasMessageContaining("needs a delay");
        assertThatThrownBy(() -> new Netem(1, 0, 0, 101, 0, 0, 0, 0, 0, 0, 1000, 0, true))
                .hasMessageContaining("0..100");
    }
}
