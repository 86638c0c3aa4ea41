package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.diag.TcpSocketInfo;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot is reused only while the counters read before it are the same, and never when they are unknown. */
class JvmTcpSnapshotsTest {
    private static final List<TcpSocketInfo> ONE = List.of(new TcpSocketInfo(InetAddress.getLoopbackAddress(), 40000,
            InetAddress.getLoopbackAddress(), 8080, 1, 12345, 10, 20, 0, 0));

    @Test
    void reusedWhileTheCountersStay() {
        JvmTcpSnapshots snapshots = new JvmTcpSnapshots();
        assertThat(snapshots.unchangedSince("Tcp: 1 200 120000 -1 5 3")).isEmpty(); // nothing dumped yet
        snapshots.remember("Tcp: 1 200 120000 -1 5 3", ONE);
        assertThat(snapshots.unchangedSince("Tcp: 1 200 120000 -1 5 3")).contains(ONE);
        assertThat(snapshots.unchangedSince("Tcp: 1 200 120000 -1 6 3")).isEmpty();
        assertThat(snapshots.unchangedSince(null)).isEmpty();
    }

    @Test
    void unknownCountersForgetTheLastDump() {
        JvmTcpSnapshots snapshots = new JvmTcpSnapshots();
        snapshots.remember("Tcp: 1", ONE);
        snapshots.remember(null, ONE);
        assertThat(snapshots.unchangedSince("Tcp: 1")).isEmpty();
    }
}
