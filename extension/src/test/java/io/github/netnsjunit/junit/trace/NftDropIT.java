package io.github.netnsjunit.junit.trace;

import static io.github.netnsjunit.junit.assertj.NetAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Ns;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.netlink.testing.BackgroundProcess;
import io.github.netnsjunit.netlink.testing.Kernel;
import io.github.netnsjunit.netlink.testing.Processes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seed 4: a forwarding namespace whose FORWARD hook drops the traffic. The "foreign" table (as Docker's filter
 * FORWARD policy drop would be on a real host) is made with the nft command inside a namespace of ours, never in
 * the machine's own. The trace names the namespace, table, chain, policy or rule handle and whose table it is,
 * cross-checked with {@code nft monitor trace} and {@code nft -a list}; and it leaves nothing behind.
 */
@NetNamespace("ns01")
@NetNamespace(value = "sw", sysctl = "net.ipv4.ip_forward=1")
@NetNamespace("outside")
@VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "br-veth01", peerNamespace = "sw",
          peerAddress = "192.168.88.1/24")
@VethPair(name = "uplink", namespace = "sw", address = "10.99.0.1/24", peer = "eth0", peerNamespace = "outside",
          peerAddress = "10.99.0.2/24")
@Route(namespace = "ns01", to = "default", via = "192.168.88.1")
@Route(namespace = "outside", to = "192.168.88.0/24", via = "10.99.0.1")
class NftDropIT {

    @Test
    void aForeignForwardPolicyDropIsNamedAndMatchesNftMonitorTrace(@Ns("ns01") NetNs ns01, @Ns("sw") NetNs sw)
            throws Exception {
        assertThat(ns01).canPing("10.99.0.2");
        Kernel.nsenter(sw.path(), "nft", "add table ip dockerish; add chain ip dockerish forward "
                + "{ type filter hook forward priority 0; policy drop; }");
        assertThatThrownBy(() -> assertThat(ns01).canPing("10.99.0.2"))
                .hasMessageContaining("br-veth01 (sw) in: IP 192.168.88.11 > 10.99.0.2: ICMP echo request")
                .hasMessageContaining("sw: ip dockerish forward policy drop")
                .hasMessageContaining("cause (dropped by nftables): nftables in sw dropped the probe to 10.99.0.2 by"
                        + " the policy of chain forward (policy drop: no rule accepted the packet) in table ip dockerish"
                        + " (a table netns-junit did not create)")
                .hasMessageContaining("fix: netns-junit never changes rules it did not create: accept this traffic in"
                        + " that chain before its policy");

        BackgroundProcess monitor = Processes.start(new ProcessBuilder(Processes.nsenter(sw.path(), "nft", "monitor",
                "trace")));
        try (monitor) {
            Thread.sleep(300); // nft subscribes before it prints anything: give it time to join the group
            PathTrace t = ns01.trace("10.99.0.2");
            assertThat(t.cause()).isEqualTo(PathTrace.Cause.NFT_DROP);
            Thread.sleep(200);
        }
        String monitored = monitor.stdout();
        assertThat(monitored).contains("ip dockerish forward policy drop");
        // the trace's own table was there while it ran, and is gone now
        assertThat(monitored).containsPattern("ip netns_junit_trace_\\w+ prerouting");
        assertThat(Kernel.nsenter(sw.path(), "nft", "list", "tables")).doesNotContain("netns_junit_trace")
                .contains("dockerish");
    }

    @Test
    void aDropRuleIsNamedByItsHandle(@Ns("ns01") NetNs ns01, @Ns("sw") NetNs sw) {
        Kernel.nsenter(sw.path(), "nft", "add table ip filt; add chain ip filt forward "
                + "{ type filter hook forward priority 0; policy accept; }; add rule ip filt forward ip daddr 10.99.0.2 drop");
        Matcher handle = Pattern.compile("ip daddr 10\\.99\\.0\\.2 drop # handle (\\d+)")
                .matcher(Kernel.nsenter(sw.path(), "nft", "-a", "list", "chain", "ip", "filt", "forward"));
        assertThat(handle.find()).isTrue();
        assertThatThrownBy(() -> assertThat(ns01).canPing("10.99.0.2"))
                .hasMessageContaining("cause (dropped by nftables): nftables in sw dropped the probe to 10.99.0.2 by"
                        + " rule handle " + handle.group(1) + " of chain forward in table ip filt (a table netns-junit"
                        + " did not create)")
                .hasMessageContaining("nft delete rule ip filt forward handle " + handle.group(1));
    }

    @Test
    void aTraceLeavesNoSocketNoTableNoThread(@Ns("ns01") NetNs ns01, @Ns("sw") NetNs sw) {
        ns01.trace("10.99.0.2"); // class loading, first-use sockets of the namespaces
        int fds = Kernel.openFds();
        int threads = Thread.activeCount();
        PathTrace answered = ns01.trace("10.99.0.2");
        PathTrace lost = ns01.trace("10.99.0.77"); // waits its whole timeout
        assertThat(answered.answered()).isTrue();
        assertThat(lost.answered()).isFalse();
        assertThat(Kernel.openFds()).isEqualTo(fds);
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
        for (NetNs ns : new NetNs[] {ns01, sw}) {
            assertThat(Kernel.nsenter(ns.path(), "nft", "list", "tables")).doesNotContain("netns_junit_trace");
            // no packet socket left in the namespace (/proc/net/packet of a process inside it)
            assertThat(Kernel.nsenter(ns.path(), "cat", "/proc/net/packet").lines().count()).isEqualTo(1);
        }
    }

    @Test
    void aPassingAssertionOpensNoCaptureSocket(@Ns("ns01") NetNs ns01, @Ns("outside") NetNs outside)
            throws Exception {
        try (java.net.ServerSocket server = outside.call(() -> new java.net.ServerSocket(8080, 100,
                java.net.InetAddress.getByName("10.99.0.2")))) {
            assertThat(ns01).canPing("10.99.0.2").canConnect("10.99.0.2", 8080); // first use
            int fds = Kernel.openFds();
            for (int i = 0; i < 20; i++) {
                assertThat(ns01).canPing("10.99.0.2").canConnect("10.99.0.2", 8080);
            }
            // the accepted connections wait in the backlog: one fd each would be the server's, not ours
            assertThat(Kernel.openFds()).isEqualTo(fds);
            assertThat(Kernel.nsenter(ns01.path(), "cat", "/proc/net/packet").lines().count()).isEqualTo(1);
        }
    }
}
