package io.github.netnsjunit.netlink.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.testing.Oracle;
import io.github.netnsjunit.netlink.testing.Tcpdump;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End-to-end NAT behaviour: a (10.1.0.2) — gw (10.1.0.1 | 10.2.0.1, forwarding) — b (10.2.0.2), built with
 * {@code ip} in test code only; the rules come from {@link NatRules}; tcpdump in b shows what arrives there.
 */
class NatTrafficIT {
    private NamespaceHandle a;
    private NamespaceHandle gw;
    private NamespaceHandle b;
    private Path capture;
    /** Processes this test started; destroyed after each test even when it failed half-way. */
    private final List<Tcpdump> started = new java.util.ArrayList<>();

    @BeforeEach
    void topology() throws IOException {
        List<NamespaceHandle> all = NamespaceHandle.createAll(List.of("a", "gw", "b"), n -> { });
        a = all.get(0);
        gw = all.get(1);
        b = all.get(2);
        Oracle.run(gw, "ip", "link", "add", "ga", "type", "veth", "peer", "name", "a0", "netns", a.path());
        Oracle.run(gw, "ip", "link", "add", "gb", "type", "veth", "peer", "name", "b0", "netns", b.path());
        Oracle.run(gw, "ip", "addr", "add", "10.1.0.1/24", "dev", "ga");
        Oracle.run(gw, "ip", "addr", "add", "10.2.0.1/24", "dev", "gb");
        for (String dev : new String[] {"lo", "ga", "gb"}) {
            Oracle.run(gw, "ip", "link", "set", dev, "up");
        }
        gw.sysctl("net.ipv4.ip_forward", "1");
        Oracle.run(a, "ip", "addr", "add", "10.1.0.2/24", "dev", "a0");
        Oracle.run(a, "ip", "link", "set", "a0", "up");
        Oracle.run(a, "ip", "link", "set", "lo", "up");
        Oracle.run(a, "ip", "route", "add", "default", "via", "10.1.0.1");
        Oracle.run(b, "ip", "addr", "add", "10.2.0.2/24", "dev", "b0");
        Oracle.run(b, "ip", "link", "set", "b0", "up");
        Oracle.run(b, "ip", "link", "set", "lo", "up");
        Oracle.run(b, "ip", "route", "add", "default", "via", "10.2.0.1");
        capture = Files.createTempFile("nat-traffic", ".pcap");
    }

    @AfterEach
    void tearDown() throws IOException {
        started.forEach(Tcpdump::close);
        for (NamespaceHandle ns : new NamespaceHandle[] {a, gw, b}) {
            if (ns != null) {
                ns.close();
            }
        }
        Files.deleteIfExists(capture);
    }

    /** tcpdump of one packet matching {@code filter} on b0, started in b; returns once it is listening. */
    private Tcpdump startCapture(String filter) {
        Tcpdump tcpdump = Tcpdump.start(b, "b0", capture, List.of("-c", "1", filter));
        started.add(tcpdump);
        return tcpdump;
    }

    /** Waits for the capture to end (it stops after one packet) and returns the decoded packet line. */
    private String captured(Tcpdump tcpdump) {
        try {
            assertThat(tcpdump.awaitExit(Duration.ofSeconds(5))).as("tcpdump saw a packet within 5 s").isTrue();
        } finally {
            tcpdump.close();
        }
        return Oracle.runOnHost("tcpdump", "-n", "-r", capture.toString());
    }

    @Test
    void masqueradeRewritesTheSourceToTheGatewayAddress() throws Exception {
        new Nftables(gw).apply(NatRules.masquerade("nat", IpPrefix.parse("10.1.0.0/24"), "gb", false));
        Tcpdump tcpdump = startCapture("icmp");
        echoRequest(a, "10.2.0.2");
        String packet = captured(tcpdump);
        assertThat(packet).contains("IP 10.2.0.1 > 10.2.0.2: ICMP echo request");
    }

    @Test
    void withoutNatTheSourceIsKept() throws Exception {
        Tcpdump tcpdump = startCapture("icmp");
        echoRequest(a, "10.2.0.2");
        assertThat(captured(tcpdump)).contains("IP 10.1.0.2 > 10.2.0.2: ICMP echo request");
    }

    /**
     * One ICMP echo request from {@code ns}: {@code ping -c1 -W1} when installed, else a raw socket from python3
     * (this CI image has no ping). The header is type 8, code 0, id 0, seq 0, checksum 0xf7ff.
     */
    private static void echoRequest(NamespaceHandle ns, String host) {
        if (Files.isExecutable(Path.of("/usr/bin/ping")) || Files.isExecutable(Path.of("/bin/ping"))) {
            Oracle.run(ns, "sh", "-c", "ping -c1 -W1 " + host + " ; true");
            return;
        }
        Oracle.run(ns, "python3", "-c", "import socket\n"
                + "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)\n"
                + "s.sendto(bytes([8, 0, 0xf7, 0xff, 0, 0, 0, 0]), ('" + host + "', 0))\n");
    }

    @Test
    void ipv6MasqueradeRewritesTheSourceToTheGatewayAddress() throws Exception {
        Oracle.run(gw, "ip", "addr", "add", "fd01::1/64", "dev", "ga", "nodad");
        Oracle.run(gw, "ip", "addr", "add", "fd02::1/64", "dev", "gb", "nodad");
        gw.sysctl("net.ipv6.conf.all.forwarding", "1");
        Oracle.run(a, "ip", "addr", "add", "fd01::2/64", "dev", "a0", "nodad");
        Oracle.run(a, "ip", "-6", "route", "add", "default", "via", "fd01::1");
        Oracle.run(b, "ip", "addr", "add", "fd02::2/64", "dev", "b0", "nodad");
        new Nftables(gw).apply(NatRules.masquerade("nat6", IpPrefix.parse("fd01::/64"), "gb", true));
        Tcpdump tcpdump = startCapture("icmp6 and ip6[40] == 128"); // echo requests only, not neighbour discovery
        // ICMPv6 raw socket: the kernel fills in the checksum
        Oracle.run(a, "python3", "-c", "import socket\n"
                + "s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)\n"
                + "s.sendto(bytes([128, 0, 0, 0, 0, 0, 0, 0]), ('fd02::2', 0))\n");
        assertThat(captured(tcpdump)).contains("IP6 fd02::1 > fd02::2: ICMP6, echo request");
    }

    private static String connect(String host, int port) {
        // a SYN is all we need: b has no listener and answers RST, so the attempt ends fast either way
        return "timeout 3 bash -c 'exec 3<>/dev/tcp/" + host + "/" + port + "' ; true";
    }

    @Test
    void dnatForwardsAConnectionToTheGatewayPortToB() throws Exception {
        new Nftables(gw).apply(NatRules.dnat("pf", TransportProtocol.TCP, 8080,
                new InetSocketAddress(IpAddresses.parse("10.2.0.2"), 80), "ga"));
        Tcpdump tcpdump = startCapture("tcp dst port 80");
        Oracle.run(a, "sh", "-c", connect("10.1.0.1", 8080));
        assertThat(captured(tcpdump)).containsPattern("IP 10\\.1\\.0\\.2\\.\\d+ > 10\\.2\\.0\\.2\\.80: Flags \\[S\\]");
    }

    @Test
    void dnatAlsoForwardsConnectionsMadeOnTheGatewayItself() throws Exception {
        new Nftables(gw).apply(NatRules.dnat("pf", TransportProtocol.TCP, 8080,
                new InetSocketAddress(IpAddresses.parse("10.2.0.2"), 80), "ga"));
        Tcpdump tcpdump = startCapture("tcp dst port 80");
        Oracle.run(gw, "sh", "-c", connect("10.1.0.1", 8080));
        assertThat(captured(tcpdump)).containsPattern("IP 10\\.1\\.0\\.1\\.\\d+ > 10\\.2\\.0\\.2\\.80: Flags \\[S\\]");
    }
}
