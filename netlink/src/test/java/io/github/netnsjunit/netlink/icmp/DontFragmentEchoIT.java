package io.github.netnsjunit.netlink.icmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.LinkedPair;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One large echo with DF across a veth pair, against tcpdump on the receiving end and iproute2's {@code ping -M do}:
 * answered when both ends carry it, silent when the receiving end's MTU is smaller (the frame is dropped on
 * arrival), EMSGSIZE when the sender's own link is smaller.
 */
class DontFragmentEchoIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    final LinkedPair pair = new LinkedPair();
    private final NamespaceHandle a = pair.a();
    private final NamespaceHandle b = pair.b();

    private static Inet4Address target() throws Exception {
        return (Inet4Address) InetAddress.getByName("10.9.0.2");
    }

    @Test
    void aPacketOfTheLinksMtuIsAnsweredWithDfSet(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("v1.pcap");
        DontFragmentEcho.Result r;
        List<String> lines;
        try (Tcpdump tcpdump = Tcpdump.start(b, "v1", pcap, List.of("-v", "icmp"))) {
            r = DontFragmentEcho.send(a, target(), 1500, DontFragmentEcho.nextIdentifier(), TIMEOUT);
            lines = tcpdump.await(l -> l.stream().anyMatch(x -> x.contains("ICMP echo request")), Duration.ofSeconds(5));
        }
        assertThat(r.outcome()).isEqualTo(DontFragmentEcho.Outcome.REPLIED);
        assertThat(r.size()).isEqualTo(1500);
        List<String> verbose = Oracle.runOnHost("tcpdump", "-n", "-v", "-r", pcap.toString()).lines().toList();
        assertThat(String.join("\n", verbose)).contains("flags [DF]", "length 1500")
                .contains("ICMP echo request, id " + r.identifier());
        assertThat(lines).isNotEmpty();
    }

    @Test
    void aNarrowerReceivingEndDropsItSilently() throws Exception {
        Oracle.run(b, "ip", "link", "set", "v1", "mtu", "1400");
        DontFragmentEcho.Result r = DontFragmentEcho.send(a, target(), 1500, DontFragmentEcho.nextIdentifier(),
                TIMEOUT);
        assertThat(r.outcome()).isEqualTo(DontFragmentEcho.Outcome.SILENT);
        assertThatThrownBy(() -> Oracle.run(a, "ping", "-c", "1", "-W", "1", "-M", "do", "-s", "1472", "10.9.0.2"))
                .hasMessageContaining("0 received");
        assertThat(DontFragmentEcho.send(a, target(), 1400, DontFragmentEcho.nextIdentifier(), TIMEOUT).outcome())
                .isEqualTo(DontFragmentEcho.Outcome.REPLIED);
    }

    @Test
    void largerThanTheSendersLinkIsNotSent() throws Exception {
        Oracle.run(a, "ip", "link", "set", "v0", "mtu", "1400");
        DontFragmentEcho.Result r = DontFragmentEcho.send(a, target(), 1500, DontFragmentEcho.nextIdentifier(),
                TIMEOUT);
        assertThat(r.outcome()).isEqualTo(DontFragmentEcho.Outcome.NOT_SENT);
        assertThat(r.detail()).isEqualTo("EMSGSIZE");
        assertThatThrownBy(() -> Oracle.run(a, "ping", "-c", "1", "-W", "1", "-M", "do", "-s", "1472", "10.9.0.2"))
                .hasMessageContaining("mtu=1400");
    }
}
