package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class EchoSocketTest {

    @Test
    void icmpFilterPassesOnlyRepliesAndErrors() {
        // bits 0, 3, 11, 12 clear: echo reply, unreachable, time exceeded, parameter problem
        assertThat(EchoSocket.icmpFilter()).isEqualTo(0xFFFFE7F6);
    }

    @Test
    void icmpv6FilterPassesOnlyRepliesAndErrors() {
        ByteBuffer b = ByteBuffer.wrap(EchoSocket.icmpv6Filter()).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).isEqualTo(0xFFFFFFE1); // types 1..4 pass
        assertThat(b.getInt(16)).isEqualTo(0xFFFFFFFD); // 129 = 4*32 + 1 passes
        assertThat(b.getInt(4)).isEqualTo(-1);
        assertThat(b.getInt(16) & (1 << (135 - 128))).isNotZero(); // neighbour solicitation blocked
    }
}
