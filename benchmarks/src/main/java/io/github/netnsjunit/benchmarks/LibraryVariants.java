package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TopologyPlan;
import io.github.netnsjunit.netlink.icmp.IcmpEcho;
import io.github.netnsjunit.netlink.icmp.PingReport;
import io.github.netnsjunit.netlink.nft.TableInfo;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.ns.NamespaceThread;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The library path, as the extension takes it, through public API only: a {@link TopologyPlan} validated from
 * {@link NetworkTopology#builder()} (once, untimed: it is pure Java and the same for every iteration), built by
 * {@link TopologyPlan#build(Duration)} (the extension's own factory) and torn down by {@link BuiltTopology#close()};
 * the masquerade table of (b) and ip_forward=1 are made by the extension itself from the masquerade declaration
 * (over nfnetlink, inside the timed setup).
 */
final class LibraryVariants {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    private LibraryVariants() {
    }

    /** (a): two namespaces, a veth between them with IPv4 addresses, lo up. */
    static Variant twoNamespaces(GoneProbe probe) {
        TopologyPlan plan = TopologyPlan.of(NetworkTopology.builder()
                .namespace("nsA")
                .namespace("nsB")
                .veth("veth0", "nsA", "veth1", "nsB", v -> v.address("10.0.0.1/24").peerAddress("10.0.0.2/24"))
                .build());
        InetAddress target = address("10.0.0.2");
        return new Variant() {
            @Override
            public String name() {
                return "library (a)";
            }

            @Override
            public boolean needsJitWarmUp() {
                return true;
            }

            @Override
            public String topology() {
                return "a";
            }

            @Override
            public Sample runOnce(boolean awaitGone) {
                long t0 = System.nanoTime();
                BuiltTopology live = plan.build(READY_TIMEOUT);
                long t1 = System.nanoTime();
                return pingAndTearDown(live, t0, t1, "nsA", target, "nsB", awaitGone ? probe : null);
            }
        };
    }

    /**
     * (b), seed 4: namespace br with bridge br01 192.168.88.1/24, ip_forward=1 and a masquerade table;
     * ns01/ns02 with veth01/veth02 (.11/.12) whose peers br-veth01/br-veth02 are ports of br01; default routes
     * via 192.168.88.1.
     */
    static Variant seed4(GoneProbe probe) {
        TopologyPlan plan = TopologyPlan.of(NetworkTopology.builder()
                .namespace("br")
                .namespace("ns01")
                .namespace("ns02")
                .bridge("br01", "br", "192.168.88.1/24")
                .veth("veth01", "ns01", "br-veth01", "br", v -> v.address("192.168.88.11/24").peerMaster("br01"))
                .veth("veth02", "ns02", "br-veth02", "br", v -> v.address("192.168.88.12/24").peerMaster("br01"))
                .route("ns01", "default", "192.168.88.1")
                .route("ns02", "default", "192.168.88.1")
                .masquerade("br", "192.168.88.0/24") // also makes the extension set ip_forward=1 in br
                .build());
        InetAddress target = address("192.168.88.12");
        return new Variant() {
            private boolean checked;

            @Override
            public String name() {
                return "library (b)";
            }

            @Override
            public boolean needsJitWarmUp() {
                return true;
            }

            /** Once, untimed: the extension really made what seed 4 makes by hand. */
            private void check(BuiltTopology live) {
                NamespaceHandle br = live.handle("br");
                String forward = br.sysctl("net.ipv4.ip_forward");
                List<String> rules = new ArrayList<>();
                for (TableInfo t : new Nftables(br).tables()) {
                    rules.addAll(new Nftables(br).rules(t.family(), t.name()));
                }
                br.releaseThread(NamespaceThread.END_TIMEOUT_MILLIS);
                if (!"1".equals(forward) || rules.stream().noneMatch(r -> r.contains("masquerade"))) {
                    live.close();
                    throw new IllegalStateException("seed 4 topology incomplete: ip_forward=" + forward + ", rules " + rules);
                }
                System.err.println("library (b): br has ip_forward=1 and " + rules);
            }

            @Override
            public String topology() {
                return "b";
            }

            @Override
            public Sample runOnce(boolean awaitGone) {
                long t0 = System.nanoTime();
                BuiltTopology live = plan.build(READY_TIMEOUT);
                long t1 = System.nanoTime();
                if (!checked) {
                    checked = true;
                    check(live);
                }
                return pingAndTearDown(live, t0, t1, "ns01", target, "ns02", awaitGone ? probe : null);
            }
        };
    }

    /** {@code probe} null: no wait for the namespaces to be gone. */
    private static Sample pingAndTearDown(BuiltTopology live, long t0, long t1, String from,
            InetAddress target, String probed, GoneProbe probe) {
        boolean ok = false;
        long t2;
        long t3;
        try {
            NamespaceHandle source = live.handle(from);
            PingReport report = IcmpEcho.ping(source, target, 1, PING_TIMEOUT, Duration.ZERO);
            ok = report.received() == 1;
            // The ping opened its socket on the namespace's pinned thread: end that thread here, untimed, so that
            // the teardown figure is the topology's own; with it the view of /sys and /proc/net it made (which its
            // namespace's later threads would share), as ending the thread did when each thread had its own view.
            source.releaseThreadAndView(NamespaceThread.END_TIMEOUT_MILLIS);
            if (probe != null) {
                probe.attach(live.handle(probed).fd(), probed);
            }
        } finally {
            t2 = System.nanoTime();
            live.close();
            t3 = System.nanoTime();
        }
        long gone = probe == null ? -1 : probe.awaitGone(t2);
        return new Sample(t1 - t0, t3 - t2, gone, ok);
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
