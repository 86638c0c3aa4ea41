package io.github.netnsjunit.benchmarks;

import io.github.netnsjunit.benchmarks.Procs.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same topologies with the {@code ip} and {@code nft} commands, once as separate commands (the seed way) and
 * once as batch scripts. Our namespaces are named {@code nb-<pid>-...}; teardown deletes exactly those names
 * ({@code ip netns del NAME}), and a finally block deletes them (and host-side links) even after a failure.
 */
final class IpVariants {
    private static final String NAT_SCRIPT = """
            table ip nat {
                chain postrouting {
                    type nat hook postrouting priority srcnat; policy accept;
                    ip saddr 192.168.88.0/24 ip daddr != 192.168.88.0/24 masquerade
                }
            }
            """;

    private final GoneProbe probe;
    private final String prefix = "nb-" + ProcessHandle.current().pid() + "-";
    /** Host-side names of links made in the host before being moved (seed way); at most 15 bytes. */
    private final String hostPrefix = "nb" + ProcessHandle.current().pid();

    IpVariants(GoneProbe probe) {
        this.probe = probe;
    }

    /** A topology as scripts: setup steps (each a list of concurrently run commands), ping, teardown. */
    private record Script(List<List<Cmd>> setup, List<String> ping, List<Cmd> teardown, List<String> namespaces,
            List<String> hostLinks, String probed) {
    }

    private abstract class IpVariant implements Variant {
        abstract Script script();

        @Override
        public Sample runOnce(boolean awaitGone) throws Exception {
            if (!awaitGone) {
                throw new UnsupportedOperationException("the ip variants are measured with the pause only");
            }
            Script s = script();
            boolean tornDown = false;
            try {
                long t0 = System.nanoTime();
                for (List<Cmd> step : s.setup()) {
                    Procs.runAll(step);
                }
                long t1 = System.nanoTime();
                boolean ok = Procs.exitCode(s.ping().toArray(String[]::new)) == 0;
                probe.attach("/run/netns/" + s.probed());
                long t2 = System.nanoTime();
                for (Cmd c : s.teardown()) { // one after the other
                    Procs.runAll(List.of(c));
                }
                long t3 = System.nanoTime();
                tornDown = true;
                long gone = probe.awaitGone(t2);
                return new Sample(t1 - t0, t3 - t2, gone, ok);
            } finally {
                if (!tornDown) {
                    cleanUp(s);
                }
            }
        }

        private void cleanUp(Script s) throws Exception {
            for (String ns : s.namespaces()) {
                if (Files.exists(Path.of("/run/netns", ns))) {
                    Procs.exitCode("ip", "netns", "del", ns);
                }
            }
            for (String link : s.hostLinks()) {
                Procs.exitCode("ip", "link", "del", link); // fails harmlessly if it was moved or is gone
            }
            probe.removeIfPresent();
        }
    }

    private static List<String> ping(String ns, String target) {
        return List.of("ip", "netns", "exec", ns, "ping", "-q", "-n", "-c1", "-W1", target);
    }

    /** (a) with one command per step, as the seeds do. */
    Variant commandsA() {
        String a = prefix + "a";
        String b = prefix + "b";
        String va = hostPrefix + "a";
        String vb = hostPrefix + "b";
        Script s = new Script(
                steps(
                        Cmd.of("ip", "netns", "add", a),
                        Cmd.of("ip", "netns", "add", b),
                        Cmd.of("ip", "link", "add", va, "type", "veth", "peer", "name", vb),
                        Cmd.of("ip", "link", "set", va, "netns", a),
                        Cmd.of("ip", "link", "set", vb, "netns", b),
                        Cmd.of("ip", "-n", a, "addr", "add", "10.0.0.1/24", "dev", va),
                        Cmd.of("ip", "-n", b, "addr", "add", "10.0.0.2/24", "dev", vb),
                        Cmd.of("ip", "-n", a, "link", "set", "lo", "up"),
                        Cmd.of("ip", "-n", b, "link", "set", "lo", "up"),
                        Cmd.of("ip", "-n", a, "link", "set", va, "up"),
                        Cmd.of("ip", "-n", b, "link", "set", vb, "up")),
                ping(a, "10.0.0.2"),
                List.of(Cmd.of("ip", "netns", "del", a), Cmd.of("ip", "netns", "del", b)),
                List.of(a, b), List.of(va), b);
        return variant("ip commands (a)", "a", s);
    }

    /** (b) with one command per step, as seed 4 does (bridge in its own namespace, nft instead of iptables). */
    Variant commandsB() {
        String br = prefix + "br";
        String n1 = prefix + "ns01";
        String n2 = prefix + "ns02";
        String v1 = hostPrefix + "v1";
        String v2 = hostPrefix + "v2";
        String p1 = hostPrefix + "p1";
        String p2 = hostPrefix + "p2";
        List<Cmd> c = new ArrayList<>();
        for (String ns : List.of(br, n1, n2)) {
            c.add(Cmd.of("ip", "netns", "add", ns));
        }
        c.add(Cmd.of("ip", "-n", br, "link", "add", "br01", "type", "bridge"));
        c.add(Cmd.of("ip", "link", "add", v1, "type", "veth", "peer", "name", p1));
        c.add(Cmd.of("ip", "link", "add", v2, "type", "veth", "peer", "name", p2));
        c.add(Cmd.of("ip", "link", "set", v1, "netns", n1));
        c.add(Cmd.of("ip", "link", "set", v2, "netns", n2));
        c.add(Cmd.of("ip", "link", "set", p1, "netns", br));
        c.add(Cmd.of("ip", "link", "set", p2, "netns", br));
        c.add(Cmd.of("ip", "-n", br, "link", "set", "lo", "up"));
        c.add(Cmd.of("ip", "-n", br, "link", "set", p1, "master", "br01"));
        c.add(Cmd.of("ip", "-n", br, "link", "set", p2, "master", "br01"));
        c.add(Cmd.of("ip", "-n", br, "addr", "add", "192.168.88.1/24", "dev", "br01"));
        c.add(Cmd.of("ip", "-n", br, "link", "set", p1, "up"));
        c.add(Cmd.of("ip", "-n", br, "link", "set", p2, "up"));
        c.add(Cmd.of("ip", "-n", br, "link", "set", "br01", "up"));
        for (String[] e : new String[][] {{n1, v1, "192.168.88.11/24"}, {n2, v2, "192.168.88.12/24"}}) {
            c.add(Cmd.of("ip", "-n", e[0], "link", "set", "lo", "up"));
            c.add(Cmd.of("ip", "-n", e[0], "addr", "add", e[2], "dev", e[1]));
            c.add(Cmd.of("ip", "-n", e[0], "link", "set", e[1], "up"));
            c.add(Cmd.of("ip", "-n", e[0], "route", "add", "default", "via", "192.168.88.1"));
        }
        c.add(Cmd.of("ip", "netns", "exec", br, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"));
        c.add(Cmd.withInput(NAT_SCRIPT, "ip", "netns", "exec", br, "nft", "-f", "-"));
        Script s = new Script(steps(c.toArray(Cmd[]::new)), ping(n1, "192.168.88.12"),
                List.of(Cmd.of("ip", "netns", "del", br), Cmd.of("ip", "netns", "del", n1),
                        Cmd.of("ip", "netns", "del", n2)),
                List.of(br, n1, n2), List.of(v1, v2, p1, p2), n2);
        return variant("ip commands (b)", "b", s);
    }

    /**
     * (a) as the best batch script found: one host batch creates the namespaces and the veth directly in them
     * (with distinct ifindexes, so that linkwatch does not defer the carrier event); then one
     * {@code ip -n NS -batch -} per namespace, run concurrently (like {@code &} and {@code wait} in a shell).
     */
    Variant batchA() {
        String a = prefix + "a";
        String b = prefix + "b";
        Script s = new Script(
                List.of(
                        List.of(Cmd.withInput("netns add " + a + "\nnetns add " + b + "\n"
                                + "link add veth0 index 2 netns " + a
                                + " type veth peer name veth1 index 3 netns " + b + "\n", "ip", "-batch", "-")),
                        List.of(
                                Cmd.withInput("link set lo up\naddr add 10.0.0.1/24 dev veth0\nlink set veth0 up\n",
                                        "ip", "-n", a, "-batch", "-"),
                                Cmd.withInput("link set lo up\naddr add 10.0.0.2/24 dev veth1\nlink set veth1 up\n",
                                        "ip", "-n", b, "-batch", "-"))),
                ping(a, "10.0.0.2"),
                List.of(Cmd.withInput("netns del " + a + "\nnetns del " + b + "\n", "ip", "-batch", "-")),
                List.of(a, b), List.of(), b);
        return variant("ip -batch (a)", "a", s);
    }

    /** (b) as batch scripts: host batch, then concurrently one batch per namespace and one nft + sysctl. */
    Variant batchB() {
        String br = prefix + "br";
        String n1 = prefix + "ns01";
        String n2 = prefix + "ns02";
        String host = "netns add " + br + "\nnetns add " + n1 + "\nnetns add " + n2 + "\n"
                + "link add br01 index 2 netns " + br + " type bridge\n"
                + "link add veth01 index 3 netns " + n1 + " type veth peer name br-veth01 index 4 netns " + br + "\n"
                + "link add veth02 index 5 netns " + n2 + " type veth peer name br-veth02 index 6 netns " + br + "\n";
        String bridge = "link set lo up\n"
                + "link set br-veth01 master br01\nlink set br-veth02 master br01\n"
                + "addr add 192.168.88.1/24 dev br01\n"
                + "link set br-veth01 up\nlink set br-veth02 up\nlink set br01 up\n";
        Script s = new Script(
                List.of(
                        List.of(Cmd.withInput(host, "ip", "-batch", "-")),
                        List.of(
                                Cmd.withInput(bridge, "ip", "-n", br, "-batch", "-"),
                                Cmd.withInput(end("veth01", "192.168.88.11/24"), "ip", "-n", n1, "-batch", "-"),
                                Cmd.withInput(end("veth02", "192.168.88.12/24"), "ip", "-n", n2, "-batch", "-"),
                                Cmd.withInput(NAT_SCRIPT, "ip", "netns", "exec", br, "sh", "-c",
                                        "echo 1 > /proc/sys/net/ipv4/ip_forward && exec nft -f -"))),
                ping(n1, "192.168.88.12"),
                List.of(Cmd.withInput("netns del " + br + "\nnetns del " + n1 + "\nnetns del " + n2 + "\n",
                        "ip", "-batch", "-")),
                List.of(br, n1, n2), List.of(), n2);
        return variant("ip -batch (b)", "b", s);
    }

    private static String end(String dev, String cidr) {
        return "link set lo up\naddr add " + cidr + " dev " + dev + "\nlink set " + dev + " up\n"
                + "route add default via 192.168.88.1\n";
    }

    private static List<List<Cmd>> steps(Cmd... sequential) {
        List<List<Cmd>> out = new ArrayList<>();
        for (Cmd c : sequential) {
            out.add(List.of(c));
        }
        return out;
    }

    private Variant variant(String name, String topology, Script s) {
        return new IpVariant() {
            @Override
            Script script() {
                return s;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String topology() {
                return topology;
            }
        };
    }
}
