package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.internal.ConditionsConfig.Engine;
import io.github.netnsjunit.netlink.testing.Kernel;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One declaration, one behaviour on both engines (issue 24 item 4): {@code rate = "10mbit"} and 5,000 unpaced
 * datagrams of 1,000 bytes, counted where they arrive in the other namespace (an nft counter on its input hook). Before: the kernel engine (tbf, whose queue
 * holds the sender back through its socket buffer) delivered 5,000, the relay about 1,080 (no backpressure; its
 * queue overflowed). Now a rate alone on a relayed link is shaped by the same tbf on the sending end.
 */
class EngineParityIT {
    private static final int DATAGRAMS = 5_000;
    private static final Map<Engine, String> QDISCS = new LinkedHashMap<>();

    private static int delivered(Engine engine) throws Exception {
        var model = io.github.netnsjunit.junit.TestTopologies.validate(NetworkTopology.builder().namespace("ns0").namespace("ns1")
                .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("10.7.3.1/24").peerAddress("10.7.3.2/24"))
                .conditions("ns0", "veth0", c -> c.rate("10mbit")).build());
        try (LiveTopology live = new TopologyFactory(Duration.ofSeconds(5), new ConditionsConfig(engine, false))
                .build(model)) {
            NetNs ns0 = live.namespace("ns0");
            NetNs ns1 = live.namespace("ns1");
            if (engine == Engine.USERSPACE) {
                assertThat(live.liveConditions().relayThreads()).hasSize(2);
            }
            QDISCS.put(engine, Kernel.nsenter(ns0.path(), "tc", "-j", "qdisc", "show", "dev", "veth0"));
            // neighbours resolved first on both engines: the flood then measures the rate, not ARP's unresolved queue
            assertThat(ns0.ping("10.7.3.2", 1, Duration.ofSeconds(1)).received()).isEqualTo(1);
            InetAddress to = InetAddress.getByName("10.7.3.2");
            // counted where they arrive (nft counter on ns1's input hook), whatever the receiving socket's buffer holds
            Kernel.nsenter(ns1.path(), "nft", "add table inet parity; add chain inet parity in { type filter hook input"
                    + " priority 0; }; add rule inet parity in udp dport 9998 counter");
            ns0.run(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    DatagramPacket p = new DatagramPacket(new byte[1000], 1000, to, 9998);
                    for (int i = 0; i < DATAGRAMS; i++) {
                        s.send(p);
                    }
                }
            });
            long counted = -1;
            for (long deadline = System.nanoTime() + 20_000_000_000L; System.nanoTime() < deadline; ) {
                Thread.sleep(500);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"packets\":\\s*(\\d+)")
                        .matcher(Kernel.nsenter(ns1.path(), "nft", "-j", "list", "table", "inet", "parity"));
                long now = m.find() ? Long.parseLong(m.group(1)) : 0;
                if (now == counted) {
                    break;
                }
                counted = now;
            }
            return (int) counted;
        }
    }

    @Test
    void aRateAloneDeliversTheSameOnBothEngines() throws Exception {
        Map<Engine, Integer> delivered = new LinkedHashMap<>();
        for (Engine engine : new Engine[] {Engine.KERNEL, Engine.USERSPACE}) {
            delivered.put(engine, delivered(engine));
        }
        System.out.println("rate 10mbit, " + DATAGRAMS + " unpaced datagrams of 1000 B, delivered: " + delivered);
        assertThat(delivered.get(Engine.KERNEL)).isEqualTo(DATAGRAMS);
        assertThat(QDISCS.get(Engine.USERSPACE)).as("the relayed link's sending end").contains("\"kind\":\"tbf\"");
        assertThat(delivered.get(Engine.USERSPACE)).isEqualTo(DATAGRAMS);
    }
}
