package io.github.netnsjunit.netlink.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.ns.NetNamespace;
import io.github.netnsjunit.netlink.testing.Oracle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End-to-end NAT behaviour: a (10.1.0.2) — gw (10.1.0.1 | 10.2.0.1, forwarding) — b (10.2.0.2), built with
 * {@code ip} in test code only; the rules come from {@link NatRules}; tcpdump in b shows what arrives there.
 */
class NatTrafficIT {
    private NetNamespace a;
    private NetNamespace gw;
    private NetNamespace b;
    private Path capture;
    /** Processes this test started; destroyed after each test even when it failed half-way. */
    private final List<Process> started = new java.util.ArrayList<>();

    @BeforeEach
    void topology() throws IOException {
        List<NetNamespace> all = NetNamespace.createAll(List.of("a", "gw", "b"), n -> { });
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
        started.forEach(Process::destroyForcibly);
        for (NetNamespace ns : new NetNamespace[] {a, gw, b}) {
            if (ns != null) {
                ns.close();
            }
        }
        Files.deleteIfExists(capture);
    }

    /** tcpdump of one packet matching {@code filter} on b0, started in b; returns once it is listening. */
    private Process startCapture(String filter) throws Exception {
        // -Z root: Debian's tcpdump otherwise drops to user tcpdump and cannot write our root-owned file
        Process p = new ProcessBuilder("nsenter", "--net=" + b.path(), "--", "tcpdump", "-n", "-Z", "root", "-U",
                "-i", "b0", "-c", "1", "-w", capture.toString(), filter).start();
        started.add(p);
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.contains("listening on")) {
                        return seen.toString();
                    }
                }
            } catch (IOException e) {
                seen.append(e);
            }
            throw new IllegalStateException("tcpdump ended before listening: " + seen);
        }, r -> new Thread(r, "tcpdump-stderr").start());
        try {
            listening.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
        return p;
    }

    /** Waits for the capture to end (it stops after one packet) and returns the decoded packet line. */
    private String captured(Process tcpdump) throws Exception {
        try {
            assertThat(tcpdump.waitFor(5, TimeUnit.SECONDS)).as("tcpdump saw a packet within 5 s").isTrue();
        } finally {
            tcpdump.destroyForcibly();
        }
        return Oracle.runOnHost("tcpdump", "-n", "-r", capture.toString());
    }

    @Test
    void masqueradeRewritesTheSourceToTheGatewayAddress() throws Exception {
        new Nftables(gw).apply(NatRules.masquerade("nat", IpPrefix.parse("10.1.0.0/24"), "gb", false));
        Process tcpdump = startCapture("icmp");
        echoRequest(a, "10.2.0.2");
        String packet = captured(tcpdump);
        assertThat(packet).contains("IP 10.2.0.1 > 10.2.0.2: ICMP echo request");
    }

    @Test
    void withoutNatTheSourceIsKept() throws Exception {
        Process tcpdump = startCapture("icmp");
        echoRequest(a, "10.2.0.2");
        assertThat(captured(tcpdump)).contains("IP 10.1.0.2 > 10.2.0.2: ICMP echo request");
    }

    /**
     * One ICMP echo request from {@code ns}: {@code ping -c1 -W1} when installed, else a raw socket from python3
     * (this CI image has no ping). The header is type 8, code 0, id 0, seq 0, checksum 0xf7ff.
     */
    private static void echoRequest(NetNamespace ns, String host) {
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
        Process tcpdump = startCapture("icmp6 and ip6[40] == 128"); // echo requests only, not neighbour discovery
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
        Process tcpdump = startCapture("tcp dst port 80");
        Oracle.run(a, "sh", "-c", connect("10.1.0.1", 8080));
        assertThat(captured(tcpdump)).containsPattern("IP 10\\.1\\.0\\.2\\.\\d+ > 10\\.2\\.0\\.2\\.80: Flags \\[S\\]");
    }

    @Test
    void dnatAlsoForwardsConnectionsMadeOnTheGatewayItself() throws Exception {
        new Nftables(gw).apply(NatRules.dnat("pf", TransportProtocol.TCP, 8080,
                new InetSocketAddress(IpAddresses.parse("10.2.0.2"), 80), "ga"));
        Process tcpdump = startCapture("tcp dst port 80");
        Oracle.run(gw, "sh", "-c", connect("10.1.0.1", 8080));
        assertThat(captured(tcpdump)).containsPattern("IP 10\\.1\\.0\\.1\\.\\d+ > 10\\.2\\.0\\.2\\.80: Flags \\[S\\]");
    }
}
