package io.github.netnsjunit.netlink.diag;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.AddressFamily;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Our sock_diag request against the one {@code ss -tni} sends (iproute2 6.1, captured as root with {@code strace -e
 * trace=sendmsg -e write=3 ss -tni}: the {@code write=3} dumps of its two SOCK_DIAG_BY_FAMILY sendmsg calls, AF_INET
 * then AF_INET6). ss asks for INET_DIAG_INFO, VEGASINFO and CONG ({@code idiag_ext} 0x0e) and states 0x0b37
 * (ESTABLISHED, SYN_SENT, FIN_WAIT1/2, CLOSE_WAIT, LAST_ACK, CLOSING and bit 0); its sequence number is 123456.
 */
class InetDiagRequestTest {
    private static final String SS_INET = "48 00 00 00 14 00 01 03  40 e2 01 00 00 00 00 00"
            + " 02 06 0e 00 37 0b 00 00  00 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00";
    private static final String SS_INET6 = "48 00 00 00 14 00 01 03  40 e2 01 00 00 00 00 00"
            + " 0a 06 0e 00 37 0b 00 00  00 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00"
            + " 00 00 00 00 00 00 00 00";
    private static final int SS_EXTENSIONS = InetDiagRequest.INFO | (1 << (3 - 1)) | (1 << (4 - 1)); // INFO|VEGAS|CONG
    private static final int SS_STATES = 0x0b37;

    @Test
    void isByteForByteWhatSsSendsForTheSameQuestion() {
        assertThat(hex(request(AddressFamily.INET))).isEqualTo(golden(SS_INET));
        assertThat(hex(request(AddressFamily.INET6))).isEqualTo(golden(SS_INET6));
    }

    @Test
    void connectionsAreEveryStateButListen() {
        assertThat(InetDiagRequest.CONNECTIONS & (1 << 10)).isZero(); // TCP_LISTEN
        for (int state = 1; state <= 12; state++) {
            if (state != 10) {
                assertThat(InetDiagRequest.CONNECTIONS & (1 << state)).as("state %d", state).isNotZero();
            }
        }
    }

    @Test
    void allStatesAreConnectionsAndListeners() {
        assertThat(InetDiagRequest.LISTENERS).isEqualTo(1 << 10); // TCP_LISTEN alone
        assertThat(InetDiagRequest.ALL_STATES).isEqualTo(InetDiagRequest.CONNECTIONS | InetDiagRequest.LISTENERS);
    }

    private static byte[] request(int family) {
        MessageWriter w = new MessageWriter(128);
        int m = w.beginMessage(InetDiagRequest.SOCK_DIAG_BY_FAMILY, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP,
                123456);
        new InetDiagRequest(family, InetDiagRequest.TCP, SS_EXTENSIONS, SS_STATES).write(w);
        w.endMessage(m);
        return w.toByteArray();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String golden(String dump) {
        return dump.replace(" ", "");
    }
}
